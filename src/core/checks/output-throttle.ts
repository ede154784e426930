// Batches a running check's output for the live view: at most one event per interval per check, so a
// chatty test suite costs a few frames a second, not one per chunk. Knows nothing of transports.

/** Milliseconds between live output events of one check: smooth to read, cheap to send. */
export const CHECK_OUTPUT_INTERVAL_MS = 150;
/** Most characters of one check's live output held between events; beyond it the oldest are dropped (the stored result keeps the end). */
export const CHECK_OUTPUT_MAX_PENDING = 256 * 1024;

export class OutputThrottle {
  private readonly pending = new Map<string, { runId: string; data: string; timer: NodeJS.Timeout }>();

  constructor(private readonly emit: (e: { checkId: string; runId: string; data: string }) => void) {}

  push(checkId: string, runId: string, data: string): void {
    const entry = this.pending.get(checkId);
    if (entry) {
      entry.data = (entry.data + data).slice(-CHECK_OUTPUT_MAX_PENDING);
      return;
    }
    const timer = setTimeout(() => this.flush(checkId), CHECK_OUTPUT_INTERVAL_MS);
    timer.unref();
    this.pending.set(checkId, { runId, data, timer });
  }

  /** Sends what is pending for a check now (when it finishes). */
  flush(checkId: string): void {
    const entry = this.pending.get(checkId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(checkId);
    this.emit({ checkId, runId: entry.runId, data: entry.data });
  }
}
