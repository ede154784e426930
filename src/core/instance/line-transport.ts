// Wraps a local stream socket (the instance control socket, either end) as a Transport: one JSON
// frame of src/shared/protocol per line. JSON.stringify never emits a raw newline, and 0x0A never
// occurs inside a UTF-8 multi-byte character, so splitting the bytes at newlines is exact.
import type { Socket } from 'node:net';
import { isFrame, type Frame, type Transport } from '../../shared/protocol';

/**
 * Longest line accepted, in bytes: as large as the WebSocket's limit, so a 10 MB bad input still
 * reaches validation; a peer that sends more without a newline is cut off instead of buffered.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

const NEWLINE = 0x0a;

export function lineTransport(socket: Socket, maxLineBytes: number = MAX_LINE_BYTES): Transport {
  const frameListeners = new Set<(frame: Frame) => void>();
  const closeListeners = new Set<() => void>();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let closed = false;

  const fireClose = () => {
    if (closed) return;
    closed = true;
    pending = [];
    for (const l of closeListeners) l();
  };
  const deliver = (line: Buffer) => {
    if (line.length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(line.toString('utf8'));
    } catch {
      return; // not JSON: ignored, like the WebSocket adapter does
    }
    if (isFrame(value)) for (const l of frameListeners) l(value);
  };

  socket.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1 && !closed; nl = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, nl);
      const line = pending.length > 0 ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
      deliver(line);
    }
    if (closed || start >= chunk.length) return;
    pendingBytes += chunk.length - start;
    if (pendingBytes > maxLineBytes) {
      socket.destroy();
      fireClose();
      return;
    }
    pending.push(chunk.subarray(start));
  });
  socket.on('close', fireClose);
  socket.on('error', fireClose);

  return {
    send(frame: Frame) {
      if (closed || socket.destroyed || !socket.writable) return;
      socket.write(`${JSON.stringify(frame)}\n`);
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      socket.end(); // flushes what was written; the socket is destroyed once the peer ends its side too
      fireClose();
    },
  };
}
