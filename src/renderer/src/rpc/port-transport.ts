// Transport over a MessagePort (Electron): frames travel as structured-cloned objects.
// The port's `close` event (Chromium) ends the transport; so does close() from our side.
import { isFrame, type Frame, type Transport } from '../../../shared/protocol';

/** The part of MessagePort this module uses, so tests can hand in a fake. */
export interface PortLike {
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
  addEventListener(type: 'message' | 'close', listener: (event: { data?: unknown }) => void): void;
}

export function createPortTransport(port: PortLike): Transport {
  const frameListeners = new Set<(frame: Frame) => void>();
  const closeListeners = new Set<() => void>();
  let closed = false;

  const end = (): void => {
    if (closed) return;
    closed = true;
    for (const l of [...closeListeners]) l();
  };

  port.addEventListener('message', (event) => {
    if (closed || !isFrame(event.data)) return;
    const frame = event.data;
    for (const l of [...frameListeners]) l(frame);
  });
  port.addEventListener('close', end);
  port.start();

  return {
    send(frame) {
      if (!closed) port.postMessage(frame);
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
      port.close();
      end();
    },
  };
}
