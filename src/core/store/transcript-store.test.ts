import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunId } from '../../shared/ids';
import { closeDatabase, openDatabase } from './database';
import { RunsRepo } from './runs-repo';
import { sampleRun, seedThread, tempDbFile, type TempDb } from './test-fixtures';
import { safeTail, TranscriptStore } from './transcript-store';

/** A long interval, so only explicit flushes write unless a test says otherwise. */
const MANUAL = { flushIntervalMs: 60_000 };

let tmp: TempDb;
let db: Database.Database;
let runIds: RunId[];
const stores: TranscriptStore[] = [];

function store(opts: ConstructorParameters<typeof TranscriptStore>[1] = MANUAL): TranscriptStore {
  const s = new TranscriptStore(db, opts);
  stores.push(s);
  return s;
}

function rows(runId: RunId): { seq: number; chars: number; data: string }[] {
  return db
    .prepare<[string], { seq: number; chars: number; data: string }>(
      'SELECT seq, chars, data FROM transcript_chunks WHERE run_id = ? ORDER BY seq',
    )
    .all(runId);
}

beforeEach(async () => {
  tmp = tempDbFile();
  db = await openDatabase(tmp.file);
  const { thread } = seedThread(db);
  const repo = new RunsRepo(db);
  runIds = [1, 2, 3].map((i) => {
    const run = sampleRun(thread.id, i);
    repo.insert(run);
    return run.id;
  });
});
afterEach(() => {
  for (const s of stores.splice(0)) {
    try {
      s.close();
    } catch {
      // a test may have closed the database under it
    }
  }
  if (db.open) closeDatabase(db);
  tmp.cleanup();
});

describe('TranscriptStore', () => {
  it('returns the concatenation of many appends, before and after a flush', () => {
    const s = store();
    const [run] = runIds as [RunId];
    const parts = Array.from({ length: 500 }, (_, i) => `line ${i}\r\n`);
    parts.slice(0, 250).forEach((p) => s.append(run, p));
    s.flush();
    parts.slice(250).forEach((p) => s.append(run, p));
    const all = parts.join('');
    expect(s.tail(run, 1_000_000)).toEqual({ text: all, truncated: false });
    expect(s.totalChars(run)).toBe(all.length);
    s.flush();
    expect(rows(run).map((r) => r.seq)).toEqual([1, 2]);
    expect(rows(run).map((r) => r.data).join('')).toBe(all);
    expect(s.tail(run, 1_000_000)).toEqual({ text: all, truncated: false });
  });

  it('includes output not yet flushed', () => {
    const s = store();
    const [run] = runIds as [RunId];
    s.append(run, 'stored,');
    s.flush();
    s.append(run, 'pending');
    expect(rows(run).map((r) => r.data)).toEqual(['stored,']);
    expect(s.tail(run, 100)).toEqual({ text: 'stored,pending', truncated: false });
    expect(s.tail(run, 10)).toEqual({ text: 'ed,pending', truncated: true });
    expect(s.tail(run, 3)).toEqual({ text: 'ing', truncated: true });
    expect(s.totalChars(run)).toBe(14);
  });

  it('cuts a long transcript to its last maxChars characters', () => {
    const s = store();
    const [run] = runIds as [RunId];
    for (let i = 0; i < 100; i++) {
      s.append(run, String(i % 10).repeat(1000));
      if (i % 7 === 0) s.flush();
    }
    s.flush();
    const { text, truncated } = s.tail(run, 2500);
    expect(truncated).toBe(true);
    expect(text).toBe('7'.repeat(500) + '8'.repeat(1000) + '9'.repeat(1000));
    expect(s.tail(run, 100_000).truncated).toBe(false);
    expect(s.tail(run, 0)).toEqual({ text: '', truncated: true });
    expect(s.tail(runIds[1] as RunId, 10)).toEqual({ text: '', truncated: false });
  });

  it('reads the same transcript back from a reopened database after close()', async () => {
    const s = store();
    const [run] = runIds as [RunId];
    s.append(run, 'before restart: ');
    s.flush();
    s.append(run, 'unflushed at close');
    s.close();
    expect(() => s.append(run, 'late')).toThrow(/closed/);
    closeDatabase(db);

    db = await openDatabase(tmp.file);
    const again = store();
    expect(again.totalChars(run)).toBe('before restart: unflushed at close'.length);
    expect(again.tail(run, 1000)).toEqual({ text: 'before restart: unflushed at close', truncated: false });
    again.append(run, '!');
    again.flush();
    expect(rows(run).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(again.tail(run, 6)).toEqual({ text: 'close!', truncated: true });
  });

  it('writes every run’s pending output in one transaction, one row per run', () => {
    const s = store();
    for (let i = 0; i < 20; i++) for (const run of runIds) s.append(run, `${run}:${i};`);
    const spy = vi.spyOn(db, 'transaction');
    s.flush();
    expect(spy).toHaveBeenCalledTimes(1);
    for (const run of runIds) {
      const r = rows(run);
      expect(r).toHaveLength(1);
      expect(r[0]?.data).toBe(Array.from({ length: 20 }, (_, i) => `${run}:${i};`).join(''));
    }
    s.flush(); // nothing pending: no transaction at all
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('flushes on its own after the interval, with an unref’d timer', async () => {
    const s = store({ flushIntervalMs: 10 });
    const [a, b] = runIds as [RunId, RunId];
    s.append(a, 'x');
    s.append(b, 'y');
    const timer = (s as unknown as { timer: NodeJS.Timeout | null }).timer;
    expect(timer?.hasRef()).toBe(false);
    await vi.waitFor(() => expect([...rows(a), ...rows(b)].map((r) => r.data)).toEqual(['x', 'y']), { timeout: 2000 });
  });

  it('keeps non-ASCII text, emoji, control characters and NULs intact, counted in UTF-16 units', async () => {
    const s = store();
    const [run] = runIds as [RunId];
    const samples = ['héllo wörld ', '日本語のテキスト ', '👩‍👩‍👧‍👦 🚀 ', 'e\u0301 ', '\u001b[31mred\u001b[0m ', 'nul\u0000byte', '\r\n'];
    samples.forEach((t) => s.append(run, t));
    s.close();
    const all = samples.join('');
    expect(rows(run)[0]?.chars).toBe(all.length);
    closeDatabase(db);
    db = await openDatabase(tmp.file);
    const again = store();
    expect(again.totalChars(run)).toBe(all.length);
    expect(again.tail(run, 10_000)).toEqual({ text: all, truncated: false });
  });

  it('never starts a tail in the middle of a surrogate pair', () => {
    const s = store();
    const [run] = runIds as [RunId];
    s.append(run, 'a😀b');
    expect(s.tail(run, 2)).toEqual({ text: 'b', truncated: true });
    expect(s.tail(run, 3)).toEqual({ text: '😀b', truncated: true });
    s.flush();
    s.append(run, '😀');
    expect(s.tail(run, 5)).toEqual({ text: '😀b😀', truncated: true });
    expect(safeTail('😀😀', 3)).toBe('😀');
    expect(safeTail('abc', 0)).toBe('');
  });

  it('drops the oldest chunks beyond maxRunChars and reports the tail as truncated, also after reopening', async () => {
    const s = store({ ...MANUAL, maxRunChars: 10 });
    const [run] = runIds as [RunId];
    for (const part of ['aaaaa', 'bbbbb', 'ccccc']) {
      s.append(run, part);
      s.flush();
    }
    expect(rows(run).map((r) => r.seq)).toEqual([2, 3]);
    expect(s.totalChars(run)).toBe(10);
    expect(s.tail(run, 100)).toEqual({ text: 'bbbbbccccc', truncated: true });
    s.close();
    closeDatabase(db);
    db = await openDatabase(tmp.file);
    expect(store(MANUAL).tail(run, 100)).toEqual({ text: 'bbbbbccccc', truncated: true });
  });

  it('does not let a run without a row hold back the others', () => {
    const onError = vi.fn();
    const s = store({ flushIntervalMs: 60_000, onError });
    const [good] = runIds as [RunId];
    const ghost = 'run-ghost0001' as RunId;
    s.append(ghost, 'lost');
    s.append(good, 'kept');
    expect(() => s.flush()).toThrow(/FOREIGN KEY/);
    expect(rows(good).map((r) => r.data)).toEqual(['kept']);
    expect(s.totalChars(ghost)).toBe(0);
    s.append(good, '!');
    s.flush();
    expect(s.tail(good, 100).text).toBe('kept!');
  });

  it('reports a failed timer flush to onError and keeps the output for a retry', async () => {
    const onError = vi.fn();
    const s = store({ flushIntervalMs: 5, onError });
    const [run] = runIds as [RunId];
    db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON transcript_chunks BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    s.append(run, 'survives');
    await vi.waitFor(() => expect(onError).toHaveBeenCalled(), { timeout: 2000 });
    expect(String(onError.mock.calls[0]?.[0])).toMatch(/disk says no/);
    expect(s.tail(run, 100).text).toBe('survives');
    db.exec('DROP TRIGGER temp.refuse');
    await vi.waitFor(() => expect(rows(run).map((r) => r.data)).toEqual(['survives']), { timeout: 2000 });
  });

  it('resyncs its sequence numbers when another writer appended to the same run', () => {
    const [run] = runIds as [RunId];
    const a = store();
    const b = store();
    a.append(run, 'A1');
    b.append(run, 'B1');
    a.flush();
    expect(() => b.flush()).toThrow(/UNIQUE|PRIMARY/);
    b.flush();
    expect(rows(run).map((r) => [r.seq, r.data])).toEqual([
      [1, 'A1'],
      [2, 'B1'],
    ]);
  });
});
