// Terminal transcripts: buffers each run's PTY output in memory and appends it to `transcript_chunks`
// in one batched transaction per flush window; serves the tail of a run's output, unflushed data included.
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { RunId } from '../../shared/ids';

/**
 * Default flush window, in ms. A crash loses at most this window of output, while every run's output
 * within it is written in one transaction (one fsync under synchronous=FULL, however many agents run).
 */
export const TRANSCRIPT_FLUSH_INTERVAL_MS = 50;
/**
 * Default cap on the characters kept per run (UTF-16 code units, ≈ bytes for terminal text): about 20 MB
 * of disk for a runaway agent. Beyond it the oldest chunks are deleted; the newest output is what a replay needs.
 */
export const TRANSCRIPT_MAX_RUN_CHARS = 20_000_000;

export interface TranscriptStoreOptions {
  flushIntervalMs?: number;
  maxRunChars?: number;
  /** Receives errors of timer-driven flushes (which have no caller to throw to). Defaults to console.error. */
  onError?: (err: unknown) => void;
}

export interface TranscriptTail {
  text: string;
  /** True when older output exists before `text` (beyond maxChars, or dropped by the per-run cap). */
  truncated: boolean;
}

interface RunState {
  /** Characters of this run in the database. */
  stored: number;
  nextSeq: number;
  /** Older output was deleted by the per-run cap. */
  pruned: boolean;
  pending: string[];
  pendingChars: number;
}

interface Written {
  stored: number;
  nextSeq: number;
  pruned: boolean;
}

interface Batch {
  runId: RunId;
  state: RunState;
  text: string;
}

export class TranscriptStore {
  private readonly flushIntervalMs: number;
  private readonly maxRunChars: number;
  private readonly onError: (err: unknown) => void;
  private readonly runs = new Map<RunId, RunState>();
  /** Runs with pending output, in the order they first got some. */
  private readonly dirty = new Set<RunId>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  private readonly loadStmt: Database.Statement<[string], { chars: number; lastSeq: number; firstSeq: number }>;
  private readonly insertStmt: Database.Statement<[string, number, number, string]>;
  private readonly oldestStmt: Database.Statement<[string, number], { seq: number; chars: number }>;
  private readonly pruneStmt: Database.Statement<[string, number]>;
  private readonly newestStmt: Database.Statement<[string], { data: string }>;

  constructor(
    private readonly db: Database.Database,
    opts: TranscriptStoreOptions = {},
  ) {
    this.flushIntervalMs = opts.flushIntervalMs ?? TRANSCRIPT_FLUSH_INTERVAL_MS;
    this.maxRunChars = opts.maxRunChars ?? TRANSCRIPT_MAX_RUN_CHARS;
    this.onError = opts.onError ?? ((err) => console.error('Transcript flush failed:', err));
    this.loadStmt = db.prepare<[string], { chars: number; lastSeq: number; firstSeq: number }>(
      `SELECT coalesce(sum(chars), 0) AS chars, coalesce(max(seq), 0) AS lastSeq, coalesce(min(seq), 1) AS firstSeq
       FROM transcript_chunks WHERE run_id = ?`,
    );
    this.insertStmt = db.prepare<[string, number, number, string]>('INSERT INTO transcript_chunks (run_id, seq, chars, data) VALUES (?, ?, ?, ?)');
    this.oldestStmt = db.prepare<[string, number], { seq: number; chars: number }>('SELECT seq, chars FROM transcript_chunks WHERE run_id = ? AND seq < ? ORDER BY seq');
    this.pruneStmt = db.prepare<[string, number]>('DELETE FROM transcript_chunks WHERE run_id = ? AND seq <= ?');
    this.newestStmt = db.prepare<[string], { data: string }>('SELECT data FROM transcript_chunks WHERE run_id = ? ORDER BY seq DESC');
  }

  /** Buffers output of a run; written by the next flush (at most flushIntervalMs later). */
  append(runId: RunId, data: string): void {
    if (this.closed) throw new AppError('INTERNAL', 'The transcript store is closed.');
    if (data.length === 0) return;
    const s = this.state(runId);
    s.pending.push(data);
    s.pendingChars += data.length;
    this.dirty.add(runId);
    this.arm();
  }

  /**
   * Writes every run's pending output now, all runs in one transaction. If that fails, each run is retried
   * alone so one bad run cannot hold back the others; output that could not be written stays pending for
   * the next flush (dropped only for a run whose row is gone), and the first error is thrown.
   */
  flush(): void {
    this.disarm();
    if (this.dirty.size === 0) return;
    const batches = [...this.dirty].map((runId): Batch => {
      const state = this.runs.get(runId) as RunState;
      return { runId, state, text: this.compactPending(state) };
    });
    try {
      const written = this.db.transaction(() => batches.map((b) => this.writeChunk(b))).immediate();
      batches.forEach((b, i) => this.commit(b, written[i] as Written));
      return;
    } catch {
      // Fall through: retry run by run.
    }
    const errors: unknown[] = [];
    for (const b of batches) {
      try {
        this.commit(b, this.db.transaction(() => this.writeChunk(b)).immediate());
      } catch (err) {
        errors.push(err);
        const code = err instanceof Database.SqliteError ? err.code : '';
        // The run's row is gone: this output can never be written.
        if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') this.drop(b);
        else {
          // Another writer took our seq: take the counters from the database again.
          if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') Object.assign(b.state, this.load(b.runId));
          this.keepBounded(b);
        }
      }
    }
    if (this.dirty.size > 0) this.arm();
    if (errors.length > 0) throw errors[0];
  }

  /**
   * The last `maxChars` characters of the run's whole transcript, pending output included, never starting
   * in the middle of a surrogate pair (so it may be one character shorter).
   */
  tail(runId: RunId, maxChars: number): TranscriptTail {
    const s = this.state(runId);
    const limit = Math.max(0, Math.floor(maxChars));
    let text = this.compactPending(s);
    if (text.length < limit && s.stored > 0) {
      const parts: string[] = [];
      let have = text.length;
      for (const row of this.newestStmt.iterate(runId)) {
        parts.push(row.data);
        have += row.data.length;
        if (have >= limit) break;
      }
      text = parts.reverse().join('') + text;
    }
    text = safeTail(text, limit);
    return { text, truncated: s.pruned || text.length < s.stored + s.pendingChars };
  }

  /** Characters of the run's transcript kept (stored and pending), in UTF-16 code units. */
  totalChars(runId: RunId): number {
    const s = this.state(runId);
    return s.stored + s.pendingChars;
  }

  /** Flushes and stops the timer; appending afterwards throws. */
  close(): void {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      this.closed = true;
      this.disarm();
    }
  }

  private state(runId: RunId): RunState {
    let s = this.runs.get(runId);
    if (!s) {
      s = { ...this.load(runId), pending: [], pendingChars: 0 };
      this.runs.set(runId, s);
    }
    return s;
  }

  /** The run's counters as the database has them. */
  private load(runId: RunId): Written {
    const row = this.loadStmt.get(runId) ?? { chars: 0, lastSeq: 0, firstSeq: 1 };
    return { stored: row.chars, nextSeq: row.lastSeq + 1, pruned: row.firstSeq > 1 };
  }

  private compactPending(s: RunState): string {
    if (s.pending.length > 1) s.pending = [s.pending.join('')];
    return s.pending[0] ?? '';
  }

  /** Inside a transaction: appends one chunk, then deletes the oldest chunks beyond the per-run cap. */
  private writeChunk({ runId, state, text }: Batch): Written {
    const seq = state.nextSeq;
    this.insertStmt.run(runId, seq, text.length, text);
    let stored = state.stored + text.length;
    let lastDropped = 0;
    if (stored > this.maxRunChars) {
      // Keep at least maxRunChars: drop whole chunks, oldest first, while the rest still reaches the cap.
      for (const row of this.oldestStmt.iterate(runId, seq)) {
        if (stored - row.chars < this.maxRunChars) break;
        stored -= row.chars;
        lastDropped = row.seq;
      }
      if (lastDropped > 0) this.pruneStmt.run(runId, lastDropped);
    }
    return { stored, nextSeq: seq + 1, pruned: state.pruned || lastDropped > 0 };
  }

  private commit(b: Batch, w: Written): void {
    Object.assign(b.state, w);
    this.drop(b);
  }

  private drop(b: Batch): void {
    b.state.pending = [];
    b.state.pendingChars = 0;
    this.dirty.delete(b.runId);
  }

  /** After a failed write, keeps the pending output but no more than the per-run cap of it. */
  private keepBounded(b: Batch): void {
    if (b.text.length <= this.maxRunChars) return;
    const kept = safeTail(b.text, this.maxRunChars);
    b.state.pending = [kept];
    b.state.pendingChars = kept.length;
    b.state.pruned = true;
  }

  private arm(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.flush();
      } catch (err) {
        this.onError(err);
      }
    }, this.flushIntervalMs);
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The last `n` UTF-16 code units of `s`, minus one if the cut would leave half a surrogate pair. */
export function safeTail(s: string, n: number): string {
  if (s.length <= n) return s;
  if (n <= 0) return '';
  let start = s.length - n;
  if (isLowSurrogate(s.charCodeAt(start)) && isHighSurrogate(s.charCodeAt(start - 1))) start += 1;
  return s.slice(start);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
