// Transport over a WebSocket (headless mode): one JSON frame per text message. Frames sent before
// the socket opens are queued; close and error both end the transport, once.
import { isFrame, type Frame, type Transport } from '../../../shared/protocol';

/** The part of the browser WebSocket this module uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: { data?: unknown }) => void): void;
}

const OPEN = 1;

/** Parses one text message into a frame; anything else (binary, bad JSON, unknown shape) is dropped. */
export function parseFrame(data: unknown): Frame | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    return isFrame(value) ? value : null;
  } catch {
    return null;
  }
}

export function createWebSocketTransport(socket: SocketLike): Transport {
  const queue: string[] = [];
  const frameListeners = new Set<(frame: Frame) => void>();
  const closeListeners = new Set<() => void>();
  let closed = false;

  const end = (): void => {
    if (closed) return;
    closed = true;
    queue.length = 0;
    for (const l of [...closeListeners]) l();
  };

  socket.addEventListener('open', () => {
    for (const data of queue.splice(0)) socket.send(data);
  });
  socket.addEventListener('message', (event) => {
    if (closed) return;
    const frame = parseFrame(event.data);
    if (frame) for (const l of [...frameListeners]) l(frame);
  });
  socket.addEventListener('close', end);
  socket.addEventListener('error', end);

  return {
    send(frame) {
      if (closed) return;
      const data = JSON.stringify(frame);
      if (socket.readyState === OPEN) socket.send(data);
      else queue.push(data);
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    onClose(listener) {
      if (closed) queueMicrotask(listener);
      else closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      socket.close();
      end();
    },
  };
}
