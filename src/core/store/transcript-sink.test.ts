import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { closeDatabase, openDatabase } from './database';
import { seedRuns, tempDbFile, type TempDb } from './test-fixtures';
import { TranscriptSink, type TranscriptSinkOptions } from './transcript-sink';

/** A long interval, so only explicit flushes and reads post batches unless a test says otherwise. */
const MANUAL: TranscriptSinkOptions = { flushIntervalMs: 60_000 };

let tmp: TempDb;
let db: Database.Database;
let runIds: string[];
const sinks: TranscriptSink[] = [];

async function sink(opts: TranscriptSinkOptions = MANUAL): Promise<TranscriptSink> {
  const s = await TranscriptSink.open(tmp.file, opts);
  sinks.push(s);
  return s;
}

/** The run's chunks as committed, read on the test's own connection. */
function rows(runId: string): { seq: number; chars: number; data: string }[] {
  return db
    .prepare<[string], { seq: number; chars: number; data: string }>('SELECT seq, chars, data FROM transcript_chunks WHERE run_id = ? ORDER BY seq')
    .all(runId);
}

beforeEach(async () => {
  tmp = tempDbFile();
  db = await openDatabase(tmp.file);
  runIds = seedRuns(db);
});
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.close().catch(() => {});
  if (db.open) closeDatabase(db);
  tmp.cleanup();
});

describe('TranscriptSink', () => {
  it('returns, per run, the concatenation of appends interleaved across runs', async () => {
    const s = await sink();
    const expected = new Map(runIds.map((r) => [r, '']));
    for (let i = 0; i < 300; i++) {
      for (const run of runIds) {
        const text = `${run} line ${i}\r\n`;
        s.append(run, text);
        expected.set(run, expected.get(run) + text);
      }
      if (i === 150) await s.flush();
    }
    for (const run of runIds) {
      const all = expected.get(run) as string;
      expect(await s.readTail(run, 1_000_000)).toEqual({ text: all, truncated: false });
      expect(await s.totalChars(run)).toBe(all.length);
      expect(rows(run).map((r) => r.data).join('')).toBe(all);
      expect(rows(run).map((r) => r.seq)).toEqual([1, 2]); // one row per run per batch
    }
    expect(await s.readTail(runIds[0] as string, 10)).toEqual({ text: (expected.get(runIds[0] as string) as string).slice(-10), truncated: true });
  });

  it('lets a read see every append made just before it, while timer batches come and go', async () => {
    const s = await sink({ flushIntervalMs: 5 });
    const [run] = runIds as [string];
    let all = '';
    for (let i = 0; i < 40; i++) {
      const text = `chunk ${i};`;
      s.append(run, text);
      all += text;
      expect((await s.readTail(run, 100_000)).text).toBe(all);
      if (i % 3 === 0) await new Promise((r) => setTimeout(r, 7));
    }
    expect(await s.totalChars(run)).toBe(all.length);
  });

  it('writes every run’s output of one window in one transaction, one row per run', async () => {
    const s = await sink();
    for (let i = 0; i < 20; i++) for (const run of runIds) s.append(run, `${run}:${i};`);
    expect(s.stats.pendingChars).toBeGreaterThan(0);
    expect(s.stats.batches).toBe(0);
    await s.flush();
    expect(s.stats).toMatchObject({ batches: 1, pendingChars: 0, droppedChars: 0 });
    expect(s.stats.charsWritten).toBe(runIds.reduce((n, r) => n + rows(r).reduce((m, x) => m + x.chars, 0), 0));
    expect(s.stats.maxFlushMs).toBeGreaterThan(0);
    for (const run of runIds) {
      expect(rows(run).map((r) => r.data)).toEqual([Array.from({ length: 20 }, (_, i) => `${run}:${i};`).join('')]);
    }
    await s.flush(); // nothing pending: no transaction at all
    expect(s.stats.batches).toBe(1);
  });

  it('posts a batch on its own after the flush interval', async () => {
    const s = await sink({ flushIntervalMs: 20 });
    const [a, b] = runIds as [string, string];
    s.append(a, 'x');
    s.append(b, 'y');
    s.saveScreen(a, { data: 'screen', cols: 80, rows: 24 });
    expect(rows(a)).toEqual([]);
    await vi.waitFor(() => expect([...rows(a), ...rows(b)].map((r) => r.data)).toEqual(['x', 'y']), { timeout: 2000 });
    await vi.waitFor(() => expect(s.stats.batches).toBe(1));
  });

  it('runs no SQL on the main thread: the sink holds no database handle', async () => {
    const spies = (['prepare', 'exec', 'transaction', 'pragma'] as const).map((m) => vi.spyOn(Database.prototype, m));
    const s = await sink({ flushIntervalMs: 1 });
    const [run] = runIds as [string];
    for (let i = 0; i < 100; i++) s.append(run, `line ${i}\n`);
    s.saveScreen(run, { data: 's', cols: 10, rows: 5 });
    await new Promise((r) => setTimeout(r, 20));
    await s.flush();
    expect((await s.readTail(run, 10)).text).toBe('8\nline 99\n');
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    expect(Object.values(s).some((v) => v instanceof Database)).toBe(false);
    const source = readFileSync(new URL('./transcript-sink.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/from 'better-sqlite3'/);
    expect(rows(run)).not.toHaveLength(0);
  });

  it('flush() resolves once committed; close() flushes, stops the worker, and later calls fail', async () => {
    const s = await sink();
    const [run] = runIds as [string];
    s.append(run, 'one,');
    await s.flush();
    expect(rows(run).map((r) => r.data)).toEqual(['one,']);
    s.append(run, 'two');
    s.saveScreen(run, { data: 'last', cols: 80, rows: 24 });
    await s.close();
    expect(rows(run).map((r) => r.data)).toEqual(['one,', 'two']);
    expect(db.prepare('SELECT data FROM run_screens').pluck().all()).toEqual(['last']);
    expect(() => s.append(run, 'late')).toThrow(AppError);
    expect(() => s.append(run, 'late')).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    expect(() => s.saveScreen(run, { data: 'x', cols: 1, rows: 1 })).toThrow(/closed/);
    await expect(s.readTail(run, 10)).rejects.toThrow(/closed/);
    await expect(s.flush()).rejects.toThrow(/closed/);
    await expect(s.close()).resolves.toBeUndefined();
  });

  it('keeps transcripts and screens across a restart', async () => {
    const s = await sink();
    const [a, b] = runIds as [string, string];
    s.append(a, 'before restart: ');
    await s.flush();
    s.append(a, 'unflushed at close');
    s.append(b, 'other run');
    s.saveScreen(b, { data: '\x1b[Hscreen of b', cols: 120, rows: 40 });
    await s.close();
    closeDatabase(db);

    db = await openDatabase(tmp.file);
    const again = await sink();
    expect(await again.readTail(a, 1000)).toEqual({ text: 'before restart: unflushed at close', truncated: false });
    expect(await again.totalChars(a)).toBe('before restart: unflushed at close'.length);
    expect(await again.readTail(b, 1000)).toEqual({ text: 'other run', truncated: false });
    expect(await again.readScreen(b)).toMatchObject({ data: '\x1b[Hscreen of b', cols: 120, rows: 40 });
    expect(await again.readScreen(a)).toBeNull();
    again.append(a, '!');
    await again.flush();
    expect(rows(a).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(await again.readTail(a, 6)).toEqual({ text: 'close!', truncated: true });
  });

  it('saves screens as upserts, readable at once and committed with the output appended before them', async () => {
    const s = await sink();
    const [run] = runIds as [string];
    const t0 = Date.now();
    s.append(run, 'output before the screen');
    s.saveScreen(run, { data: 'first', cols: 80, rows: 24 });
    const snap = await s.readScreen(run);
    expect(snap).toMatchObject({ data: 'first', cols: 80, rows: 24 });
    expect(snap?.savedAt).toBeGreaterThanOrEqual(t0);
    expect(snap?.savedAt).toBeLessThanOrEqual(Date.now());
    // The read posted the batch: output and screen went in the same transaction.
    expect(s.stats.batches).toBe(1);
    expect(rows(run).map((r) => r.data)).toEqual(['output before the screen']);
    s.saveScreen(run, { data: 'second', cols: 100, rows: 30 });
    s.saveScreen(run, { data: 'third', cols: 90, rows: 20 });
    await s.flush();
    expect(await s.readScreen(run)).toMatchObject({ data: 'third', cols: 90, rows: 20 });
    expect(db.prepare('SELECT count(*) FROM run_screens').pluck().get()).toBe(1);
    expect(await s.readScreen(runIds[1] as string)).toBeNull();
    expect(() => s.saveScreen(run, { data: 'x', cols: 0, rows: 24 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => s.saveScreen(run, { data: 'x', cols: 80.5, rows: 24 })).toThrow(/at least 1x1/);
  });

  it('keeps non-ASCII text, emoji, escape sequences and NULs intact, counted in UTF-16 units', async () => {
    const s = await sink();
    const [run] = runIds as [string];
    const samples = ['héllo wörld ', '日本語のテキスト ', '👩‍👩‍👧‍👦 🚀 ', 'e\u0301 ', '\u001b[31mred\u001b[0m ', '\u001b]0;title\u0007', 'nul\u0000byte', '\r\n'];
    samples.forEach((t) => s.append(run, t));
    await s.close();
    const all = samples.join('');
    expect(rows(run)[0]?.chars).toBe(all.length);
    const again = await sink();
    expect(await again.totalChars(run)).toBe(all.length);
    expect(await again.readTail(run, 10_000)).toEqual({ text: all, truncated: false });
  });

  it('never starts a tail in the middle of a surrogate pair', async () => {
    const s = await sink();
    const [run] = runIds as [string];
    s.append(run, 'a😀b');
    expect(await s.readTail(run, 2)).toEqual({ text: 'b', truncated: true });
    expect(await s.readTail(run, 3)).toEqual({ text: '😀b', truncated: true });
    s.append(run, '😀');
    expect(await s.readTail(run, 5)).toEqual({ text: '😀b😀', truncated: true });
    expect(await s.readTail(run, 0)).toEqual({ text: '', truncated: true });
    expect(await s.readTail(runIds[1] as string, 10)).toEqual({ text: '', truncated: false });
  });
});
