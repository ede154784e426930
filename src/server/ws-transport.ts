// Wraps one server-side WebSocket as a Transport: JSON text frames, one per message.
import type { WebSocket } from 'ws';
import { isFrame, type Frame, type Transport } from '../shared/protocol';

export function webSocketTransport(socket: WebSocket): Transport {
  const closeListeners = new Set<() => void>();
  let closed = false;
  const fireClose = () => {
    if (closed) return;
    closed = true;
    for (const l of closeListeners) l();
  };
  socket.on('close', fireClose);
  socket.on('error', fireClose);
  return {
    send(frame: Frame) {
      if (!closed && socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
    },
    onFrame(listener) {
      const onMessage = (raw: Buffer, isBinary: boolean) => {
        if (isBinary) return;
        let value: unknown;
        try {
          value = JSON.parse(raw.toString('utf8'));
        } catch {
          return; // not JSON: ignored, the peer gets no answer and nothing happens
        }
        if (isFrame(value)) listener(value);
      };
      socket.on('message', onMessage);
      return () => socket.off('message', onMessage);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      socket.close();
      fireClose();
    },
  };
}
