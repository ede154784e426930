// Wire frames and the Transport interface shared by every adapter (MessagePort, WebSocket, memory).
import { z } from 'zod';
import type { CallName, EventName } from './contract';
import type { WireError } from './errors';
import { RunId } from './ids';

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
  /**
   * Milliseconds a client gathers the credits of all the runs it watches before it sends them as one
   * `ack` frame (shared/rpc/ack-batch.ts). Each run acknowledging on its own made ~600 frames a second
   * under a 16-run burst: ~5% of the window's main thread in WebSocket send, and as many frames for the
   * core to parse (bench/terminals burst); over 4 ms, one frame carries the credits of the several
   * runs parsed meanwhile. A credit the core waits for (a paused PTY) waits at most this much longer:
   * short against the 16 ms between a flooding run's frames, and a credit arriving once the oldest
   * has waited this long sends the frame at once, so a busy page running the timer late holds none longer.
   */
  ackCoalesceMs: 4,
  /**
   * Most credits (runs) one `ack` frame carries; the core ignores a frame with more. Far above the 16
   * runs of a thread plus the few hidden terminals a window keeps alive (renderer terminal-registry.ts);
   * a client watching more runs sends more frames. It bounds what one frame makes the core do.
   */
  maxCreditsPerAck: 64,
} as const;

/**
 * Flow-control credits, client to core: for each [runId, chars], this many more characters of that
 * run's frames have been parsed (a whole number, at least 1). The hot path's other half, so outside
 * the contract, but the core accepts only frames this schema accepts (parseAckFrame).
 */
export const AckFrame = z
  .object({
    t: z.literal('ack'),
    credits: z.array(z.tuple([RunId, z.number().int().positive()])).min(1).max(FlowControl.maxCreditsPerAck),
  })
  .strict();
/** What a client sends (run ids as plain strings; the core reads them as RunIds). */
export type AckFrame = z.input<typeof AckFrame>;
export type AckCredits = z.output<typeof AckFrame>['credits'];

/** The credits of an `ack` frame from an untrusted peer, or null when it is not exactly an AckFrame. */
export function parseAckFrame(value: unknown): AckCredits | null {
  const credits = (value as { credits?: unknown } | null)?.credits;
  if (!Array.isArray(credits) || credits.length > FlowControl.maxCreditsPerAck) return null; // before any entry is parsed
  const parsed = AckFrame.safeParse(value);
  return parsed.success ? parsed.data.credits : null;
}

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
