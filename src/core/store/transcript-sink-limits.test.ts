import type Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { closeDatabase, openDatabase } from './database';
import { migrations } from './migrations';
import { seedRuns, tempDbFile, type TempDb } from './test-fixtures';
import { TranscriptSink, type TranscriptSinkOptions } from './transcript-sink';
import { resolveWorkerUrl } from './transcript-worker-start';

const MANUAL: TranscriptSinkOptions = { flushIntervalMs: 60_000 };
const CUT = (amount: string) => `\r\n\x1b[2m[… earlier output not kept: ${amount} …]\x1b[0m\r\n`;

let tmp: TempDb;
let db: Database.Database;
let runIds: string[];
const sinks: TranscriptSink[] = [];

async function sink(opts: TranscriptSinkOptions = MANUAL): Promise<TranscriptSink> {
  const s = await TranscriptSink.open(tmp.file, opts);
  sinks.push(s);
  return s;
}

function seqs(runId: string): number[] {
  return db.prepare<[string], number>('SELECT seq FROM transcript_chunks WHERE run_id = ? ORDER BY seq').pluck().all(runId);
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

describe('TranscriptSink size cap', () => {
  it('drops the oldest whole chunks beyond maxRunChars and marks the cut, also after a reopen', async () => {
    const s = await sink({ ...MANUAL, maxRunChars: 10 });
    const [run] = runIds as [string];
    for (const part of ['aaaaa', 'bbbbb', 'ccccc']) {
      s.append(run, part);
      await s.flush();
    }
    expect(seqs(run)).toEqual([2, 3]);
    expect(await s.totalChars(run)).toBe(10);
    expect(await s.readTail(run, 100)).toEqual({ text: CUT('5 characters over the 10 characters limit') + 'bbbbbccccc', truncated: true });
    // A tail that does not reach back to the cut has no marker.
    expect(await s.readTail(run, 4)).toEqual({ text: 'cccc', truncated: true });
    await s.close();
    closeDatabase(db);

    db = await openDatabase(tmp.file);
    const again = await sink({ ...MANUAL, maxRunChars: 10 });
    expect(await again.readTail(run, 100)).toEqual({ text: CUT('5 characters over the 10 characters limit') + 'bbbbbccccc', truncated: true });
    again.append(run, 'dddddd');
    await again.flush();
    expect(seqs(run)).toEqual([4]);
    expect(await again.readTail(run, 100)).toEqual({ text: CUT('15 characters over the 10 characters limit') + 'dddddd', truncated: true });
    expect(await again.readTail(runIds[1] as string, 100)).toEqual({ text: '', truncated: false });
  });

  it('keeps only the end of one batch larger than the cap', async () => {
    const s = await sink({ ...MANUAL, maxRunChars: 2000 });
    const [run] = runIds as [string];
    s.append(run, 'x'.repeat(3500) + 'y'.repeat(2000));
    expect(await s.readTail(run, 1_000_000)).toEqual({ text: CUT('3.5 kB over the 2 kB limit') + 'y'.repeat(2000), truncated: true });
    expect(await s.totalChars(run)).toBe(2000);
  });

  it('formats the cut in MB at the default scale', async () => {
    const s = await sink({ ...MANUAL, maxRunChars: 20_000_000 });
    const [run] = runIds as [string];
    const mb = 'z'.repeat(1_000_000);
    for (let i = 0; i < 33; i++) s.append(run, mb.slice(0, i === 32 ? 300_000 : undefined));
    await s.flush();
    const tail = await s.readTail(run, 25_000_000);
    expect(tail.text.startsWith(CUT('12.3 MB over the 20 MB limit'))).toBe(true);
    expect(await s.totalChars(run)).toBe(20_000_000);
  });
});

describe('TranscriptSink back-pressure and failures', () => {
  it('drops output beyond the main-thread buffer with a visible marker, reported once', async () => {
    const onError = vi.fn();
    const s = await sink({ ...MANUAL, maxPendingChars: 100, onError });
    const [a, b] = runIds as [string, string];
    s.append(a, 'A'.repeat(60));
    s.append(b, 'B'.repeat(30));
    s.append(a, 'a'.repeat(60)); // does not fit: dropped
    s.append(a, 'a'.repeat(5)); // fits, but must not land before the gap: dropped too
    s.append(b, 'b'.repeat(20)); // does not fit
    expect(s.stats).toMatchObject({ pendingChars: 90, droppedChars: 85 });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'LIMIT_EXCEEDED' });
    const marker = (n: number) => `\r\n\x1b[2m[… ${n} characters of output not kept: the transcript writer fell behind …]\x1b[0m\r\n`;
    expect((await s.readTail(a, 1000)).text).toBe('A'.repeat(60) + marker(65));
    expect((await s.readTail(b, 1000)).text).toBe('B'.repeat(30) + marker(20));
    s.append(a, 'after');
    expect((await s.readTail(a, 1000)).text).toBe('A'.repeat(60) + marker(65) + 'after');
  });

  it('keeps output a failed write could not store, reports it (rate-limited) and retries it', async () => {
    const onError = vi.fn();
    const s = await sink({ flushIntervalMs: 5, onError });
    const [run] = runIds as [string];
    // A schema trigger (unlike a TEMP one) is seen by the worker's own connection.
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON transcript_chunks BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    s.append(run, 'survives');
    await vi.waitFor(() => expect(onError).toHaveBeenCalled(), { timeout: 2000 });
    expect(String(onError.mock.calls[0]?.[0])).toMatch(/disk says no/);
    expect(await s.readTail(run, 100)).toEqual({ text: 'survives', truncated: false });
    await expect(s.flush()).rejects.toThrow(/disk says no/);
    expect(onError).toHaveBeenCalledTimes(1); // later failures within the interval are counted, not reported
    db.exec('DROP TRIGGER refuse');
    await vi.waitFor(() => expect(seqs(run)).toEqual([1]), { timeout: 3000 });
    expect(await s.readTail(run, 100)).toEqual({ text: 'survives', truncated: false });
  });

  it('does not let a run without a row hold back the others', async () => {
    const onError = vi.fn();
    const s = await sink({ ...MANUAL, onError });
    const [good] = runIds as [string];
    s.append('run-ghost0001', 'lost');
    s.append(good, 'kept');
    s.saveScreen('run-ghost0001', { data: 'lost too', cols: 1, rows: 1 });
    await expect(s.flush()).rejects.toThrow(/FOREIGN KEY/);
    expect(String(onError.mock.calls[0]?.[0])).toMatch(/run-ghost0001.*not in the database/);
    expect(seqs(good)).toEqual([1]);
    expect(await s.totalChars('run-ghost0001')).toBe(0);
    s.append(good, '!');
    await s.flush();
    expect((await s.readTail(good, 100)).text).toBe('kept!');
  });

  it('resyncs its sequence numbers when another writer appended to the same run', async () => {
    const [run] = runIds as [string];
    const a = await sink();
    const b = await sink({ ...MANUAL, onError: () => {} });
    await a.totalChars(run); // both load the run's counters now: next seq 1
    await b.totalChars(run);
    a.append(run, 'A1');
    await a.flush();
    b.append(run, 'B1');
    await expect(b.flush()).rejects.toThrow(/UNIQUE|PRIMARY/);
    await b.flush();
    expect(db.prepare('SELECT seq, data FROM transcript_chunks ORDER BY seq').raw().all()).toEqual([
      [1, 'A1'],
      [2, 'B1'],
    ]);
  });
});

describe('TranscriptSink start-up', () => {
  it('refuses a database whose schema is older than the writer needs', async () => {
    closeDatabase(db);
    tmp.cleanup();
    tmp = tempDbFile();
    db = await openDatabase(tmp.file, { migrations: migrations.slice(0, 1) });
    const err = await TranscriptSink.open(tmp.file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'INTERNAL' });
    expect((err as Error).message).toMatch(/Could not start the transcript writer .*schema v1; the transcript writer needs v2/);
  });

  it('rejects with a clear AppError when the worker script cannot load', async () => {
    const bad = pathToFileURL(join(tmp.dir, 'transcript-worker.js'));
    writeFileSync(bad, 'throw new Error("broken build");');
    await expect(TranscriptSink.open(tmp.file, { workerUrl: bad })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringMatching(/Could not start the transcript writer \(.*transcript-worker\.js\): broken build/),
    });
    const missing = pathToFileURL(join(tmp.dir, 'nope.js'));
    await expect(TranscriptSink.open(tmp.file, { workerUrl: missing })).rejects.toBeInstanceOf(AppError);
  });

  it('finds the worker next to the module, in the parent of a chunk folder, else the source', () => {
    expect(resolveWorkerUrl().pathname).toMatch(/src\/core\/store\/transcript-worker\.ts$/);
    const out = join(tmp.dir, 'out', 'main');
    mkdirSync(join(out, 'chunks'), { recursive: true });
    writeFileSync(join(out, 'transcript-worker.js'), '');
    const fromChunk = pathToFileURL(join(out, 'chunks', 'create-core-abc123.js'));
    const fromEntry = pathToFileURL(join(out, 'server.js'));
    expect(resolveWorkerUrl(fromChunk).href).toBe(pathToFileURL(join(out, 'transcript-worker.js')).href);
    expect(resolveWorkerUrl(fromEntry).href).toBe(pathToFileURL(join(out, 'transcript-worker.js')).href);
    expect(() => resolveWorkerUrl(pathToFileURL(join(tmp.dir, 'elsewhere', 'x.js')))).toThrow(/transcript writer script is missing/);
  });
});
