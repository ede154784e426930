// Terminal transcripts and saved screens, main-thread side. append() only buffers (no SQL ever runs on
// this thread: this module holds no database handle); a timer posts one batch per flush window to the
// writer thread (transcript-worker.ts, its own SQLite connection), which commits it in one transaction.
// Reads and flush() go through the same message queue, so they see everything appended before them.
//
// The worker is found and started by transcript-worker-start.ts (which documents the lookup).
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { BUSY_TIMEOUT_MS, JOURNAL_SIZE_LIMIT_BYTES } from './database';
import type { FromWorker, ScreenSnapshot, ToWorker, WireError, WorkerRequest, WorkerStats } from './transcript-protocol';
import { resolveWorkerUrl, startTranscriptWorker } from './transcript-worker-start';

export type { ScreenSnapshot } from './transcript-protocol';

/** Default flush window, in ms: one transaction per window for all runs (goal P2); an app crash loses at most this much. */
export const TRANSCRIPT_FLUSH_INTERVAL_MS = 50;
/**
 * Default cap on the characters kept per run (UTF-16 code units, ≈ bytes of terminal text): about 20 MB
 * of disk for a runaway agent. Beyond it the oldest chunks are deleted, and a tail that reaches back to
 * the cut starts with a visible "earlier output not kept" line.
 */
export const TRANSCRIPT_MAX_RUN_CHARS = 20_000_000;
/**
 * Most characters buffered on the main thread while the writer is busy (32 Mi, ≈ 64 MB of memory): output
 * beyond it is dropped, counted, and replaced by a visible marker in that run's transcript.
 */
export const TRANSCRIPT_MAX_PENDING_CHARS = 32 * 1024 * 1024;
/**
 * Most characters of all runs' output the writer holds while its writes fail, e.g. on a full disk
 * (8 Mi, ≈ 16 MB of memory; about 40 s of 8 runs printing 25 kB/s). The output is retried every second
 * and written in full once space returns; beyond this bound the oldest unsaved output of the largest
 * runs is dropped and a visible marker in each of those transcripts says how much.
 */
export const TRANSCRIPT_MAX_UNSAVED_CHARS = 8 * 1024 * 1024;
/** onError receives at most one write failure per this many ms; the next one says how many were skipped. */
export const TRANSCRIPT_ERROR_REPORT_INTERVAL_MS = 10_000;

export interface TranscriptSinkOptions {
  flushIntervalMs?: number;
  maxRunChars?: number;
  /** Receives failures no caller waits for (a batch, a retry, the worker dying). Defaults to console.error. */
  onError?: (err: unknown) => void;
  /** Main-thread buffer bound; defaults to TRANSCRIPT_MAX_PENDING_CHARS (tests lower it). */
  maxPendingChars?: number;
  /** The worker script; defaults to resolveWorkerUrl(). */
  workerUrl?: URL;
  /** Writer-side bound while writes fail; defaults to TRANSCRIPT_MAX_UNSAVED_CHARS (tests lower it). */
  maxUnsavedChars?: number;
  /** Told when writes start failing for lack of space (ok false, with the reason) and when they succeed again. */
  onStorage?: (status: { ok: true } | { ok: false; message: string }) => void;
}

export interface TranscriptSinkStats extends WorkerStats {
  /** Characters buffered on the main thread, not yet posted to the worker. */
  pendingChars: number;
  /** Characters dropped on the main thread because the buffer was full or the worker had stopped. */
  droppedChars: number;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export class TranscriptSink {
  /** Starts the writer thread on `dbFile`, which openDatabase() must already have migrated. */
  static async open(dbFile: string, opts: TranscriptSinkOptions = {}): Promise<TranscriptSink> {
    const worker = await startTranscriptWorker(opts.workerUrl ?? resolveWorkerUrl(), {
      file: dbFile,
      maxRunChars: opts.maxRunChars ?? TRANSCRIPT_MAX_RUN_CHARS,
      maxUnsavedChars: opts.maxUnsavedChars ?? TRANSCRIPT_MAX_UNSAVED_CHARS,
      busyTimeoutMs: BUSY_TIMEOUT_MS,
      journalSizeLimitBytes: JOURNAL_SIZE_LIMIT_BYTES,
    });
    return new TranscriptSink(worker, opts);
  }

  private readonly flushIntervalMs: number;
  private readonly maxPendingChars: number;
  private readonly onError: (err: unknown) => void;
  private readonly onStorage: NonNullable<TranscriptSinkOptions['onStorage']>;
  /** Output not yet posted, per run, in arrival order; screens likewise (the latest per run wins). */
  private readonly pending = new Map<string, string[]>();
  private readonly screens = new Map<string, ScreenSnapshot>();
  /** Characters dropped per run since the last post; a marker goes after that run's output. */
  private readonly dropped = new Map<string, number>();
  private readonly waiting = new Map<number, Waiter>();
  private workerStats: WorkerStats = { batches: 0, charsWritten: 0, maxFlushMs: 0 };
  private pendingChars = 0;
  private droppedChars = 0;
  /** Batches posted and not yet acknowledged. The timer posts only when this is 0 (else it sets `due`). */
  private inFlight = 0;
  private due = false;
  private timer: NodeJS.Timeout | undefined;
  private nextId = 0;
  private closed = false;
  private closing: Promise<void> | null = null;
  /** Set once the worker died; everything afterwards fails with it. */
  private failure: AppError | null = null;
  private lastReportAt = -Infinity;
  private unreported = 0;

  private readonly worker: Worker;

  private constructor(worker: Worker, opts: TranscriptSinkOptions) {
    this.worker = worker;
    this.flushIntervalMs = opts.flushIntervalMs ?? TRANSCRIPT_FLUSH_INTERVAL_MS;
    this.maxPendingChars = opts.maxPendingChars ?? TRANSCRIPT_MAX_PENDING_CHARS;
    this.onError = opts.onError ?? ((err) => console.error('Transcript persistence failed:', err));
    this.onStorage = opts.onStorage ?? (() => {});
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new AppError('INTERNAL', `The transcript writer stopped (exit code ${code}); transcripts are no longer saved.`)));
    this.updateRef();
  }

  get stats(): TranscriptSinkStats {
    return { ...this.workerStats, pendingChars: this.pendingChars, droppedChars: this.droppedChars };
  }

  /** Buffers output of a run: O(1), no I/O. The next batch (at most flushIntervalMs later) carries it. */
  append(runId: string, data: string): void {
    if (this.closed) throw new AppError('INTERNAL', 'The transcript sink is closed.');
    if (data.length === 0) return;
    if (this.failure || this.dropped.has(runId) || this.pendingChars + data.length > this.maxPendingChars) {
      this.drop(runId, data.length);
      return;
    }
    let parts = this.pending.get(runId);
    if (!parts) this.pending.set(runId, (parts = []));
    parts.push(data);
    this.pendingChars += data.length;
    this.arm();
  }

  /** Saves (replaces) the run's last screen, in the same batch as the output appended before it or a later one. */
  saveScreen(runId: string, snap: { data: string; cols: number; rows: number }): void {
    if (this.closed) throw new AppError('INTERNAL', 'The transcript sink is closed.');
    // Checked here: a row the table refuses would otherwise be retried, with the run's output, forever.
    if (!isSize(snap.cols) || !isSize(snap.rows)) throw new AppError('INVALID_INPUT', `A screen must be at least 1x1 cells, got ${snap.cols}x${snap.rows}.`);
    this.screens.set(runId, { data: snap.data, cols: snap.cols, rows: snap.rows, savedAt: Date.now() });
    this.arm();
  }

  readScreen(runId: string): Promise<ScreenSnapshot | null> {
    return this.request({ op: 'readScreen', runId });
  }

  /**
   * The last `maxChars` characters of the run's transcript (never half a surrogate pair), everything
   * appended before the call included. truncated = older output exists. When the per-run cap dropped
   * output and the tail reaches back to the cut, `text` starts with a marker line (not counted in maxChars).
   */
  readTail(runId: string, maxChars: number): Promise<{ text: string; truncated: boolean }> {
    return this.request({ op: 'readTail', runId, maxChars });
  }

  /** Characters kept for the run (UTF-16 code units), everything appended before the call included. */
  totalChars(runId: string): Promise<number> {
    return this.request({ op: 'totalChars', runId });
  }

  /** Resolves when everything appended before the call is committed; rejects if some of it could not be (it stays queued for a retry). */
  flush(): Promise<void> {
    return this.request({ op: 'flush' });
  }

  /** Test hook (StorageLimit): sets the writer connection's PRAGMA max_page_count (null: SQLite's default); resolves with the value in force. */
  setMaxPageCount(pages: number | null): Promise<number> {
    return this.request({ op: 'setMaxPageCount', pages });
  }

  /** Flushes, closes the worker's connection and stops it (also when the flush fails). Appending afterwards throws. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      try {
        if (!this.failure) await this.request({ op: 'close' });
      } finally {
        this.disarm();
        await this.worker.terminate();
      }
    })();
    return this.closing;
  }

  private request<T>(req: WorkerRequest): Promise<T> {
    if (this.closed && req.op !== 'close') return Promise.reject(new AppError('INTERNAL', 'The transcript sink is closed.'));
    if (this.failure) return Promise.reject(this.failure);
    this.post(); // output appended before this call goes first
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.send({ type: 'request', id, req });
    });
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'batchDone') {
      this.inFlight -= 1;
      this.workerStats = m.stats;
      if (this.due && this.inFlight === 0) this.post();
    } else if (m.type === 'reply') {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.ok) w?.resolve(m.value);
      else w?.reject(fromWire(m.error));
    } else if (m.type === 'error') {
      this.report(fromWire(m.error));
    } else if (m.type === 'storage') {
      this.onStorage(m.ok ? { ok: true } : { ok: false, message: m.error.message });
    }
    this.updateRef();
  }

  /** Sends everything buffered as one batch. */
  private post(): void {
    this.disarm();
    for (const [runId, chars] of this.dropped) {
      let parts = this.pending.get(runId);
      if (!parts) this.pending.set(runId, (parts = []));
      parts.push(backlogMarker(chars));
    }
    this.dropped.clear();
    if (this.failure || (this.pending.size === 0 && this.screens.size === 0)) return;
    const appends = [...this.pending].map(([runId, parts]): [string, string] => [runId, parts.join('')]);
    const screens = [...this.screens];
    this.pending.clear();
    this.screens.clear();
    this.pendingChars = 0;
    this.inFlight += 1;
    this.send({ type: 'batch', appends, screens });
  }

  private send(msg: ToWorker): void {
    this.worker.postMessage(msg);
    this.updateRef();
  }

  /** Counts output that could not be buffered; the first drop of an overload is reported. */
  private drop(runId: string, chars: number): void {
    this.droppedChars += chars;
    if (this.failure) return;
    if (this.dropped.size === 0) {
      const limit = `${this.maxPendingChars} characters`;
      this.report(new AppError('LIMIT_EXCEEDED', `Terminal output arrives faster than it can be saved; output beyond ${limit} waiting is dropped (marked in the transcript).`));
    }
    this.dropped.set(runId, (this.dropped.get(runId) ?? 0) + chars);
    this.arm();
  }

  private arm(): void {
    if (this.timer || this.due || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.inFlight > 0) this.due = true; // the worker is behind: keep buffering, post on its ack
      else this.post();
    }, this.flushIntervalMs);
    this.timer.unref();
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.due = false;
  }

  /** The worker keeps the process alive only while something waits on it; an idle sink does not. */
  private updateRef(): void {
    if (this.inFlight > 0 || this.waiting.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  /** The worker is gone (crashed, or exited after close): fail whatever still waits on it. */
  private fail(err: unknown): void {
    if (this.failure) return;
    const expected = this.closed && this.waiting.size === 0;
    this.failure = err instanceof AppError ? err : new AppError('INTERNAL', `The transcript writer crashed: ${messageOf(err)}`, { cause: err });
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
    this.droppedChars += this.pendingChars;
    this.pending.clear();
    this.screens.clear();
    this.pendingChars = this.inFlight = 0;
    this.disarm();
    if (!expected) this.onError(this.failure);
  }

  /** onError, at most once per TRANSCRIPT_ERROR_REPORT_INTERVAL_MS; the next report counts the ones skipped. */
  private report(err: AppError): void {
    const now = Date.now();
    if (now - this.lastReportAt < TRANSCRIPT_ERROR_REPORT_INTERVAL_MS) {
      this.unreported += 1;
      return;
    }
    const skipped = this.unreported > 0 ? ` (${this.unreported} similar errors before it were not reported)` : '';
    this.lastReportAt = now;
    this.unreported = 0;
    this.onError(skipped ? new AppError(err.code, err.message + skipped, { cause: err }) : err);
  }
}

/** The visible line put in a run's transcript where main-thread output was dropped. */
function backlogMarker(chars: number): string {
  return `\r\n\x1b[2m[… ${chars} characters of output not kept: the transcript writer fell behind …]\x1b[0m\r\n`;
}

function fromWire(e: WireError): AppError {
  return new AppError('INTERNAL', e.code ? `${e.message} (${e.code})` : e.message);
}

function isSize(n: number): boolean {
  return Number.isInteger(n) && n >= 1;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
