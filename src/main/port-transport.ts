// Wraps Electron's MessagePortMain as a Transport for the core. Frames travel as structured clones.
import type { MessagePortMain } from 'electron';
import { isFrame, type Frame, type Transport } from '../shared/protocol';

export function messagePortTransport(port: MessagePortMain): Transport {
  const closeListeners = new Set<() => void>();
  let closed = false;
  const fireClose = () => {
    if (closed) return;
    closed = true;
    for (const l of closeListeners) l();
  };
  port.on('close', fireClose);
  port.start();
  return {
    send(frame: Frame) {
      if (!closed) port.postMessage(frame);
    },
    onFrame(listener) {
      const onMessage = (e: Electron.MessageEvent) => {
        if (isFrame(e.data)) listener(e.data);
      };
      port.on('message', onMessage);
      return () => port.off('message', onMessage);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      port.close();
      fireClose();
    },
  };
}
