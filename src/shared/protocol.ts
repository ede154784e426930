// Wire frames and the Transport interface shared by every adapter (MessagePort, WebSocket, memory).
import type { CallName, EventName } from './contract';
import type { WireError } from './errors';

export type RequestFrame = { t: 'req'; id: number; name: CallName; input: unknown };
export type ResponseFrame =
  | { t: 'res'; id: number; ok: true; output: unknown }
  | { t: 'res'; id: number; ok: false; error: WireError };
export type EventFrame = { t: 'evt'; name: EventName; payload: unknown };
/**
 * Terminal output, the hot path: batched by the core and not schema-parsed. A frame with `replay`
 * starts (or restarts) a run's stream on this connection: the client resets the terminal to
 * `cols` x `rows` and writes `data`, the serialized screen and scrollback; live frames follow it.
 */
export type PtyFrame = { t: 'pty'; runId: string; data: string; replay?: { cols: number; rows: number; truncated: boolean } };
/** Flow-control credit, client to core: this many characters of the run's frames have been parsed. */
export type AckFrame = { t: 'ack'; runId: string; chars: number };

export type Frame = RequestFrame | ResponseFrame | EventFrame | PtyFrame | AckFrame;

export const FlowControl = {
  /**
   * Characters a client parses before it acknowledges them. Small enough that the core sees
   * progress well before its high watermark (100,000 chars), large enough that acks cost nothing
   * (VS Code's CharCountAckSize).
   */
  ackEveryChars: 5_000,
} as const;

export interface Transport {
  send(frame: Frame): void;
  /** Returns a function that removes the listener. */
  onFrame(listener: (frame: Frame) => void): () => void;
  onClose(listener: () => void): () => void;
  close(): void;
}

/** Cheap structural check for frames arriving from an untrusted peer; the payload is validated later. */
export function isFrame(value: unknown): value is Frame {
  if (typeof value !== 'object' || value === null) return false;
  const t = (value as { t?: unknown }).t;
  return t === 'req' || t === 'res' || t === 'evt' || t === 'pty' || t === 'ack';
}
