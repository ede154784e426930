// The flow-control credits one client sends (FlowControl, renderer terminals/ack-counter.ts), gathered
// over all the runs it watches: a credit waits up to FlowControl.ackCoalesceMs for the credits of other
// runs, and they go out together, one `ack` frame (at most FlowControl.maxCreditsPerAck runs each)
// instead of one per run. Credits of one run gathered meanwhile are summed. Used by the RPC client.
import { FlowControl, type AckFrame } from '../protocol';

export class AckBatch {
  /** Characters parsed per run, not sent yet (insertion order: the order the runs first credited). */
  private readonly credits = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When the oldest credit held arrived (`now()`). */
  private oldestAt = 0;

  constructor(
    private readonly send: (frame: AckFrame) => void,
    private readonly coalesceMs: number = FlowControl.ackCoalesceMs,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Adds `chars` parsed characters of `runId`; sends everything held once the oldest has waited coalesceMs. */
  add(runId: string, chars: number): void {
    this.credits.set(runId, (this.credits.get(runId) ?? 0) + chars);
    if (this.timer === null) {
      this.oldestAt = this.now();
      this.timer = setTimeout(this.flush, this.coalesceMs);
    } else if (this.now() - this.oldestAt >= this.coalesceMs) {
      this.flush(); // the timer is late (a busy page): this credit must not wait behind it
    }
  }

  /** Drops what is held for `runId`: its stream restarted with a replay, and the core counts afresh. */
  forget(runId: string): void {
    this.credits.delete(runId);
  }

  /** Sends everything held now. */
  readonly flush = (): void => {
    this.cancel();
    let frame: AckFrame['credits'] = [];
    for (const credit of this.credits) {
      frame.push(credit);
      if (frame.length === FlowControl.maxCreditsPerAck) {
        this.send({ t: 'ack', credits: frame });
        frame = [];
      }
    }
    this.credits.clear();
    if (frame.length > 0) this.send({ t: 'ack', credits: frame });
  };

  /** Drops everything held (the connection is gone). */
  dispose(): void {
    this.cancel();
    this.credits.clear();
  }

  private cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
