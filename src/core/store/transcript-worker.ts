// The transcript writer thread (worker_threads): owns its own SQLite connection and all SQL on
// transcript_chunks, transcript_cuts and run_screens. The main-thread façade (transcript-sink.ts)
// posts one batch per flush window; each batch is written in ONE transaction, the per-run size cap
// applied inside it. Reads are answered here too, so they see every batch posted before them.
//
// Loadable as-is by Node's type stripping (tests, tsx) and as a bundle entry (electron-vite), so it
// imports only node: builtins and packages at run time (its one relative import is `import type`, which
// is erased), uses only erasable TypeScript, and nothing imports it: the façade starts it by path.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ScreenSnapshot, ToWorker, WireError, WorkerConfig, WorkerRequest, WorkerStats } from './transcript-protocol';

/** Schema version this writer needs (run_screens and transcript_cuts arrive in v2); bump with the SQL below. */
const TRANSCRIPT_SCHEMA_VERSION = 2;
/** After a failed write, the worker tries the output it kept again this often, in ms, even with no new batch. */
const RETRY_INTERVAL_MS = 1000;

/**
 * A run's counters: `stored` characters in transcript_chunks, the next `seq`, the characters the cap
 * `dropped` (as in transcript_cuts), and `truncated`: older output is gone (dropped > 0, or an older
 * store pruned chunks without recording how much).
 */
interface Counters { stored: number; nextSeq: number; dropped: number; truncated: boolean }
/** What one write did: the run's new counters, and the characters inserted. */
type Written = Counters & { inserted: number };
/**
 * Plus what is received but not committed yet (normally nothing between batches; kept after a failed
 * write for the retry): `pending` output, the `unsavedCut` characters cut from it to keep it within the
 * cap (not yet in transcript_cuts), the `gap`: characters dropped from the front of `pending` because
 * writes kept failing (e.g. the disk is full) and all runs' unsaved output reached config.maxUnsavedChars
 * (a visible marker takes their place), and the latest `screen`.
 */
interface RunState extends Counters { pending: string; unsavedCut: number; gap: number; screen: ScreenSnapshot | null }

const port = parentPort ?? ((): never => { throw new Error('transcript-worker.ts runs only as a worker thread.'); })();
const config = workerData as WorkerConfig;
const db = openConnection(config);
const stmt = prepare(db);
const runs = new Map<string, RunState>();
const dirty = new Set<string>(); // runs with uncommitted output or screen
const stats: WorkerStats = { batches: 0, charsWritten: 0, maxFlushMs: 0 };
let retryTimer: NodeJS.Timeout | undefined;
/** The first failure of the latest batch, until a flush reports it: that batch held output appended before the flush. */
let batchError: unknown = null;
/** Writes fail because the database is full (SQLITE_FULL); the façade is told when this changes. */
let storageFull = false;
/** max_page_count as the connection opened (SQLite's default), restored by setMaxPageCount(null). */
const defaultMaxPageCount = db.pragma('max_page_count', { simple: true }) as number;

function openConnection(c: WorkerConfig): Database.Database {
  const conn = new Database(c.file, { fileMustExist: true, timeout: c.busyTimeoutMs }); // timeout = busy_timeout
  try {
    const version = conn.pragma('user_version', { simple: true }) as number;
    if (version < TRANSCRIPT_SCHEMA_VERSION) {
      throw new Error(
        `The database is at schema v${version}; the transcript writer needs v${TRANSCRIPT_SCHEMA_VERSION}. Open it with openDatabase() first, which migrates it.`,
      );
    }
    if (conn.pragma('journal_mode', { simple: true }) !== 'wal') throw new Error('The database is not in WAL mode; openDatabase() sets it.');
    // NORMAL for this connection only: in WAL mode a commit reaches the OS at once, so transcripts survive
    // an app crash; only an OS crash or power loss may lose the last commits before a checkpoint, which
    // goal P4 accepts. FULL would fsync on every 50 ms batch (4–5× the cost per MB, §3.4).
    conn.pragma('synchronous = NORMAL');
    conn.pragma('foreign_keys = ON');
    conn.pragma(`journal_size_limit = ${c.journalSizeLimitBytes}`);
    return conn;
  } catch (err) {
    conn.close();
    throw err;
  }
}

function prepare(conn: Database.Database) {
  return {
    load: conn.prepare<[{ run: string }], { chars: number; lastSeq: number; firstSeq: number; dropped: number }>(
      `SELECT coalesce(sum(chars), 0) AS chars, coalesce(max(seq), 0) AS lastSeq, coalesce(min(seq), 1) AS firstSeq,
         coalesce((SELECT dropped_chars FROM transcript_cuts WHERE run_id = @run), 0) AS dropped
       FROM transcript_chunks WHERE run_id = @run`,
    ),
    insert: conn.prepare<[string, number, number, string]>('INSERT INTO transcript_chunks (run_id, seq, chars, data) VALUES (?, ?, ?, ?)'),
    oldest: conn.prepare<[string, number], { seq: number; chars: number }>('SELECT seq, chars FROM transcript_chunks WHERE run_id = ? AND seq < ? ORDER BY seq'),
    prune: conn.prepare<[string, number]>('DELETE FROM transcript_chunks WHERE run_id = ? AND seq <= ?'),
    newest: conn.prepare<[string], { data: string }>('SELECT data FROM transcript_chunks WHERE run_id = ? ORDER BY seq DESC'),
    saveCut: conn.prepare<[string, number]>(
      'INSERT INTO transcript_cuts (run_id, dropped_chars) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET dropped_chars = excluded.dropped_chars',
    ),
    saveScreen: conn.prepare<[string, string, number, number, number]>(
      `INSERT INTO run_screens (run_id, data, cols, rows, saved_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (run_id) DO UPDATE SET data = excluded.data, cols = excluded.cols, rows = excluded.rows, saved_at = excluded.saved_at`,
    ),
    readScreen: conn.prepare<[string], ScreenSnapshot>('SELECT data, cols, rows, saved_at AS savedAt FROM run_screens WHERE run_id = ?'),
  };
}

function state(runId: string): RunState {
  let s = runs.get(runId);
  if (!s) runs.set(runId, (s = { ...load(runId), pending: '', unsavedCut: 0, gap: 0, screen: null }));
  return s;
}

/** The run's counters as the database has them. */
function load(runId: string): Counters {
  const row = stmt.load.get({ run: runId }) ?? { chars: 0, lastSeq: 0, firstSeq: 1, dropped: 0 };
  return { stored: row.chars, nextSeq: row.lastSeq + 1, dropped: row.dropped, truncated: row.dropped > 0 || row.firstSeq > 1 };
}

/** Inside a transaction: appends the run's pending output as one chunk, applies the cap, saves its screen. */
function writeRun(runId: string, s: RunState): Written {
  let { stored, nextSeq, dropped, truncated } = s;
  // Output beyond the cap in one go (only possible after failed writes, or with a small cap) keeps its end.
  const body = unsaved(s);
  const text = safeTail(body, config.maxRunChars);
  let cut = s.unsavedCut + body.length - text.length;
  if (text.length > 0) {
    stmt.insert.run(runId, nextSeq, text.length, text);
    stored += text.length;
    if (stored > config.maxRunChars) {
      // Drop whole chunks, oldest first, until the run fits; the new chunk alone always fits.
      let lastDropped = 0;
      for (const row of stmt.oldest.iterate(runId, nextSeq)) {
        if (stored <= config.maxRunChars) break;
        stored -= row.chars;
        cut += row.chars;
        lastDropped = row.seq;
      }
      if (lastDropped > 0) stmt.prune.run(runId, lastDropped);
    }
    nextSeq += 1;
  }
  if (cut > 0) {
    dropped += cut;
    truncated = true;
    stmt.saveCut.run(runId, dropped);
  }
  if (s.screen) stmt.saveScreen.run(runId, s.screen.data, s.screen.cols, s.screen.rows, s.screen.savedAt);
  return { stored, nextSeq, dropped, truncated, inserted: text.length };
}

function commit(runId: string, s: RunState, { inserted, ...counters }: Written): void {
  stats.charsWritten += inserted;
  Object.assign(s, counters);
  discard(runId, s);
}

function discard(runId: string, s: RunState): void {
  Object.assign(s, { pending: '', unsavedCut: 0, gap: 0, screen: null });
  dirty.delete(runId);
}

/**
 * Writes every dirty run in one transaction. If that fails, each run is retried alone so one bad run
 * cannot hold back the others; what still fails stays pending (bounded by the cap) for a retry, except
 * for a run whose row is gone. Every failure is reported; returns the first, or null.
 */
function writeDirty(): unknown {
  clearTimeout(retryTimer);
  if (dirty.size === 0) return null;
  const started = performance.now();
  const ids = [...dirty];
  let first: unknown = null;
  try {
    const written = db.transaction(() => ids.map((id) => writeRun(id, state(id)))).immediate();
    ids.forEach((id, i) => commit(id, state(id), written[i] as Written));
    stats.batches += 1;
  } catch {
    for (const id of ids) {
      const s = state(id);
      try {
        commit(id, s, db.transaction(() => writeRun(id, s)).immediate());
        stats.batches += 1;
      } catch (err) {
        first ??= err;
        recover(id, s, err);
      }
    }
  }
  stats.maxFlushMs = Math.max(stats.maxFlushMs, performance.now() - started);
  if (dirty.size > 0) boundUnsaved();
  noteStorage(first);
  retryTimer = dirty.size > 0 ? setTimeout(() => void writeDirty(), RETRY_INTERVAL_MS) : undefined;
  return first;
}

/** What a run has not committed yet, with the marker of a gap at its front. */
function unsaved(s: RunState): string {
  return s.gap > 0 ? gapMarker(s.gap) + s.pending : s.pending;
}

/**
 * While writes fail, keeps all runs' unsaved output within config.maxUnsavedChars: the largest runs
 * lose the oldest part of theirs first, counted in their `gap` (shown as a marker when written).
 */
function boundUnsaved(): void {
  const held = [...dirty].map((id) => state(id));
  let total = held.reduce((n, s) => n + s.pending.length, 0);
  for (const s of held.sort((a, b) => b.pending.length - a.pending.length)) {
    if (total <= config.maxUnsavedChars) return;
    const kept = safeTail(s.pending, Math.max(0, s.pending.length - (total - config.maxUnsavedChars)));
    s.gap += s.pending.length - kept.length;
    total -= s.pending.length - kept.length;
    s.pending = kept;
  }
}

/** Tells the façade when writes start failing for lack of space, and when they succeed again. */
function noteStorage(err: unknown): void {
  const full = err instanceof Database.SqliteError && err.code === 'SQLITE_FULL';
  if (full && !storageFull) post({ type: 'storage', ok: false, error: wire(err) });
  if (!full && storageFull && dirty.size === 0) post({ type: 'storage', ok: true });
  storageFull = full || (storageFull && dirty.size > 0);
}

/** The visible line put where output was dropped because it could not be saved for too long. */
function gapMarker(chars: number): string {
  return `\r\n\x1b[2m[… ${formatSize(chars)} of output not kept: the database could not be written (disk full?) …]\x1b[0m\r\n`;
}

function recover(runId: string, s: RunState, err: unknown): void {
  const code = err instanceof Database.SqliteError ? err.code : '';
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    report(err, `Output of run ${runId} was dropped: the run is not in the database`);
    discard(runId, s);
    return;
  }
  report(err, `Could not write the transcript of run ${runId}; it is kept and retried`);
  // Another writer took our seq: take the counters from the database again.
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') Object.assign(s, load(runId));
  if (s.pending.length > config.maxRunChars) {
    const kept = safeTail(s.pending, config.maxRunChars);
    s.unsavedCut += s.pending.length - kept.length;
    s.pending = kept;
  }
}

function readTail(runId: string, maxChars: number): { text: string; truncated: boolean } {
  const s = state(runId);
  const limit = Math.max(0, Math.floor(maxChars));
  const pending = unsaved(s);
  const total = s.stored + pending.length;
  let text = pending;
  if (text.length < limit && s.stored > 0) {
    const parts: string[] = [];
    let have = text.length;
    for (const row of stmt.newest.iterate(runId)) {
      parts.push(row.data);
      have += row.data.length;
      if (have >= limit) break;
    }
    text = parts.reverse().join('') + text;
  }
  text = safeTail(text, limit);
  const cutAway = s.truncated || s.unsavedCut > 0;
  // The marker goes on top only when the tail reaches back to the cut; it is not counted in maxChars.
  if (cutAway && text.length === total) return { text: cutMarker(s.dropped + s.unsavedCut) + text, truncated: true };
  return { text, truncated: cutAway || text.length < total };
}

/** The visible line shown where the cap cut a transcript (dim, on a line of its own). */
function cutMarker(dropped: number): string {
  const amount = dropped > 0 ? `${formatSize(dropped)} over the ${formatSize(config.maxRunChars)} limit` : `over the ${formatSize(config.maxRunChars)} limit`;
  return `\r\n\x1b[2m[… earlier output not kept: ${amount} …]\x1b[0m\r\n`;
}

/** Characters as a size (one UTF-16 unit ≈ one byte of terminal text): "12.3 MB", "4.1 kB", "17 characters". */
function formatSize(chars: number): string {
  if (chars >= 1e6) return `${Number((chars / 1e6).toFixed(1))} MB`;
  if (chars >= 1e3) return `${Number((chars / 1e3).toFixed(1))} kB`;
  return `${chars} characters`;
}

/** The last `n` UTF-16 code units of `s`, minus one if the cut would leave half a surrogate pair. */
function safeTail(s: string, n: number): string {
  if (s.length <= n) return s;
  if (n <= 0) return '';
  const start = s.length - n;
  const splitsPair = isSurrogate(s.charCodeAt(start), 0xdc00) && isSurrogate(s.charCodeAt(start - 1), 0xd800);
  return s.slice(splitsPair ? start + 1 : start);
}

/** True for a low (base 0xdc00) or high (base 0xd800) surrogate code unit. */
function isSurrogate(code: number, base: number): boolean {
  return code >= base && code <= base + 0x3ff;
}

function handle(req: WorkerRequest): unknown {
  switch (req.op) {
    case 'readTail':
      return readTail(req.runId, req.maxChars);
    case 'readScreen':
      return state(req.runId).screen ?? stmt.readScreen.get(req.runId) ?? null;
    case 'totalChars':
      return state(req.runId).stored + unsaved(state(req.runId)).length; // kept characters (and a gap's marker), dropped ones not counted
    case 'setMaxPageCount':
      // A test hook (StorageLimit): PRAGMA takes no parameters, so the number is checked to be an integer.
      if (req.pages !== null && !Number.isSafeInteger(req.pages)) throw new Error('max_page_count must be an integer.');
      return db.pragma(`max_page_count = ${req.pages ?? defaultMaxPageCount}`, { simple: true });
    case 'flush':
    case 'close': {
      const err = writeDirty() ?? batchError;
      batchError = null;
      if (req.op === 'close') {
        clearTimeout(retryTimer);
        db.close(); // the main connection runs PRAGMA optimize at its own close
      }
      if (err) throw err;
      return null;
    }
  }
}

function wire(err: unknown, context = ''): WireError {
  const message = context + (err instanceof Error ? err.message : String(err));
  return err instanceof Error ? { message, code: (err as { code?: string }).code } : { message };
}

function report(err: unknown, context: string): void {
  post({ type: 'error', error: wire(err, `${context}: `) });
}

function post(msg: FromWorker): void {
  port.postMessage(msg);
}

let closed = false;
port.on('message', (msg: ToWorker) => {
  if (closed) return;
  if (msg.type === 'batch') {
    try {
      for (const [runId, text] of msg.appends) state(runId).pending += text;
      for (const [runId, snap] of msg.screens) state(runId).screen = snap;
      for (const [runId] of [...msg.appends, ...msg.screens]) dirty.add(runId);
      // While the database is full the retry timer keeps trying; failing again on every batch would only burn CPU.
      if (storageFull) boundUnsaved();
      else batchError = writeDirty();
    } catch (err) {
      batchError = err; // only if reading a run's counters failed
      report(err, 'A transcript batch could not be taken in');
    }
    post({ type: 'batchDone', stats: { ...stats } });
    return;
  }
  closed = msg.req.op === 'close';
  try {
    post({ type: 'reply', id: msg.id, ok: true, value: handle(msg.req) });
  } catch (err) {
    post({ type: 'reply', id: msg.id, ok: false, error: wire(err) });
  }
});
post({ type: 'ready' });
