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
   * Characters a client parses before it acknowledges them while more is still being parsed
   * (renderer terminals/ack-counter.ts). Each acknowledgement is a WebSocket message, and with 16
   * runs flooding, one per 5,000 characters (VS Code's CharCountAckSize) took ~8% of the window's
   * main thread (bench/terminals burst). 64,000 is about one window (100,000 at most, less per run
   * when a client watches many): one or two acknowledgements per window instead of twenty.
   */
  ackEveryChars: 64_000,
  /**
   * A client that has parsed everything it received acknowledges at once when this many characters
   * are unacknowledged or more, since the core may be holding the PTY paused until it hears. Fewer
   * it may delay (ackDelayMs): the core resumes without them, its low watermark being this value
   * (core terminals/terminal-constants.ts FlowControl.lowWatermarkChars; a test keeps them in step).
   */
  ackPromptlyChars: 16_000,
  /**
   * Milliseconds a caught-up client waits before acknowledging fewer than ackPromptlyChars, so that
   * a run printing small frames (an agent's TUI: ~50 a second) costs one message per few frames
   * instead of one each (a quarter of the messages in bench/terminals). The core is never waiting
   * for these (see ackPromptlyChars).
   */
  ackDelayMs: 100,
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
