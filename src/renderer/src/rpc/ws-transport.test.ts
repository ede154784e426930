import { describe, expect, it, vi } from 'vitest';
import type { Frame } from '../../../shared/protocol';
import { createWebSocketTransport, parseFrame, type SocketLike } from './ws-transport';
import { webSocketUrl } from './connect';

type Listener = (event: { data?: unknown }) => void;

/** A WebSocket stand-in: records what was sent and lets the test fire socket events. */
class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  closeCalls = 0;
  private readonly listeners = new Map<string, Listener[]>();
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError: still connecting');
    this.sent.push(data);
  }
  close(): void {
    this.closeCalls += 1;
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(type: string, event: { data?: unknown } = {}): void {
    if (type === 'open') this.readyState = 1;
    if (type === 'close') this.readyState = 3;
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

const req: Frame = { t: 'req', id: 1, name: 'app.info', input: {} };

describe('WebSocket transport', () => {
  it('queues frames until the socket opens, then sends them in order as JSON', () => {
    const socket = new FakeSocket();
    const transport = createWebSocketTransport(socket);
    transport.send(req);
    transport.send({ ...req, id: 2 });
    expect(socket.sent).toEqual([]);
    socket.fire('open');
    transport.send({ ...req, id: 3 });
    expect(socket.sent.map((d) => (JSON.parse(d) as { id: number }).id)).toEqual([1, 2, 3]);
  });

  it('delivers parsed frames and drops anything that is not a frame', () => {
    const socket = new FakeSocket();
    const transport = createWebSocketTransport(socket);
    const received: Frame[] = [];
    transport.onFrame((f) => received.push(f));
    socket.fire('open');
    socket.fire('message', { data: JSON.stringify({ t: 'pty', runId: 'r', data: 'hi' }) });
    socket.fire('message', { data: '{not json' });
    socket.fire('message', { data: JSON.stringify({ t: 'nope' }) });
    socket.fire('message', { data: new ArrayBuffer(2) });
    expect(received).toEqual([{ t: 'pty', runId: 'r', data: 'hi' }]);
  });

  it('reports close exactly once, for error followed by close', () => {
    const socket = new FakeSocket();
    const transport = createWebSocketTransport(socket);
    const onClose = vi.fn();
    transport.onClose(onClose);
    socket.fire('error');
    socket.fire('close');
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('stops sending and receiving once closed', () => {
    const socket = new FakeSocket();
    const transport = createWebSocketTransport(socket);
    const onFrame = vi.fn();
    transport.onFrame(onFrame);
    socket.fire('open');
    transport.close();
    expect(socket.closeCalls).toBe(1);
    transport.send(req);
    socket.fire('message', { data: JSON.stringify(req) });
    expect(socket.sent).toEqual([]);
    expect(onFrame).not.toHaveBeenCalled();
  });

  it('tells a late close listener that the transport is already closed', async () => {
    const socket = new FakeSocket();
    const transport = createWebSocketTransport(socket);
    socket.fire('close');
    const onClose = vi.fn();
    transport.onClose(onClose);
    await Promise.resolve();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('parses only text frames of a known kind', () => {
    expect(parseFrame(JSON.stringify({ t: 'evt', name: 'runs.changed', payload: {} }))).not.toBeNull();
    expect(parseFrame('null')).toBeNull();
    expect(parseFrame(42)).toBeNull();
  });

  it('builds the RPC address from the page address and the token', () => {
    expect(webSocketUrl('a b', { host: '127.0.0.1:4000', protocol: 'http:' })).toBe('ws://127.0.0.1:4000/rpc?token=a%20b');
    expect(webSocketUrl('t', { host: 'box:443', protocol: 'https:' })).toBe('wss://box:443/rpc?token=t');
  });
});
