// The messages between the transcript façade (transcript-sink.ts, main thread) and its writer thread
// (transcript-worker.ts). Types only: both sides import it with `import type`, so the worker keeps no
// relative import at run time and still loads under Node's type stripping.

/** Passed as `workerData` when the worker starts. */
export interface WorkerConfig {
  file: string;
  maxRunChars: number;
  /** Most characters of all runs' output held while writes fail (e.g. disk full); beyond it the oldest go, marked. */
  maxUnsavedChars: number;
  busyTimeoutMs: number;
  journalSizeLimitBytes: number;
}

/** A run's last serialized terminal screen (from the core's headless mirror); savedAt in ms since the epoch. */
export interface ScreenSnapshot {
  data: string;
  cols: number;
  rows: number;
  savedAt: number;
}

/** An error as it crosses the thread boundary: its message, and SQLite's code when there is one. */
export interface WireError {
  message: string;
  code?: string;
}

/** Cumulative counters of the worker: committed transactions, characters inserted, slowest write in ms. */
export interface WorkerStats {
  batches: number;
  charsWritten: number;
  maxFlushMs: number;
}

export type WorkerRequest =
  | { op: 'readTail'; runId: string; maxChars: number }
  | { op: 'readScreen'; runId: string }
  | { op: 'totalChars'; runId: string }
  | { op: 'flush' }
  | { op: 'close' }
  /** Test hook (StorageLimit): this connection's PRAGMA max_page_count; null restores SQLite's default. Replies the new value. */
  | { op: 'setMaxPageCount'; pages: number | null };

export type ToWorker =
  /** One flush window: each run's output joined into one string, and each run's latest screen. */
  | { type: 'batch'; appends: [runId: string, text: string][]; screens: [runId: string, snap: ScreenSnapshot][] }
  | { type: 'request'; id: number; req: WorkerRequest };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'batchDone'; stats: WorkerStats }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: WireError }
  /** A failure no caller waits for (a batch or a retry): the façade hands it to onError. */
  | { type: 'error'; error: WireError }
  /** Writes started failing because the database is full (ok false), or succeed again (ok true). */
  | { type: 'storage'; ok: false; error: WireError }
  | { type: 'storage'; ok: true };
