import { describe, expect, it, vi } from 'vitest';
import type { Frame } from '../../../shared/protocol';
import { createPortTransport, type PortLike } from './port-transport';

type Listener = (event: { data?: unknown }) => void;

class FakePort implements PortLike {
  readonly posted: unknown[] = [];
  started = false;
  closed = false;
  private readonly listeners = new Map<string, Listener[]>();
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(type: string, event: { data?: unknown } = {}): void {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

describe('MessagePort transport', () => {
  it('starts the port and posts frames as objects', () => {
    const port = new FakePort();
    const transport = createPortTransport(port);
    const frame: Frame = { t: 'req', id: 7, name: 'repos.listRecent', input: {} };
    transport.send(frame);
    expect(port.started).toBe(true);
    expect(port.posted).toEqual([frame]);
  });

  it('delivers frames and ignores other messages', () => {
    const port = new FakePort();
    const transport = createPortTransport(port);
    const received: Frame[] = [];
    transport.onFrame((f) => received.push(f));
    port.fire('message', { data: { t: 'res', id: 1, ok: true, output: {} } });
    port.fire('message', { data: 'switchyard:port' });
    port.fire('message', { data: { t: 'bogus' } });
    expect(received).toEqual([{ t: 'res', id: 1, ok: true, output: {} }]);
  });

  it('ends when the port closes and sends nothing afterwards', () => {
    const port = new FakePort();
    const transport = createPortTransport(port);
    const onClose = vi.fn();
    transport.onClose(onClose);
    port.fire('close');
    port.fire('close');
    transport.send({ t: 'req', id: 1, name: 'app.info', input: {} });
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(port.posted).toEqual([]);
  });

  it('closes the port when closed from our side', () => {
    const port = new FakePort();
    const transport = createPortTransport(port);
    const onClose = vi.fn();
    transport.onClose(onClose);
    transport.close();
    expect(port.closed).toBe(true);
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
