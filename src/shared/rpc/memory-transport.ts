// An in-memory Transport pair for tests and in-process clients (the CLI): frames are delivered
// asynchronously and structurally cloned, like a real port, so no object is shared by reference.
import type { Frame, Transport } from '../protocol';

class MemoryEnd implements Transport {
  peer: MemoryEnd | null = null;
  private readonly frameListeners = new Set<(frame: Frame) => void>();
  private readonly closeListeners = new Set<() => void>();
  private closed = false;

  send(frame: Frame): void {
    if (this.closed) return;
    const peer = this.peer;
    const copy = structuredClone(frame);
    queueMicrotask(() => peer?.deliver(copy));
  }
  deliver(frame: Frame): void {
    if (this.closed) return;
    for (const l of this.frameListeners) l(frame);
  }
  onFrame(listener: (frame: Frame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }
  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.closeListeners) l();
    this.peer?.close();
  }
}

export function createMemoryTransportPair(): [Transport, Transport] {
  const a = new MemoryEnd();
  const b = new MemoryEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
