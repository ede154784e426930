// A full database (PRAGMA max_page_count as the stand-in for a full disk), on both connections:
// the main one's SQLITE_FULL becomes DISK_FULL naming the file and raises/clears the storage status;
// the transcript writer keeps its output (bounded, with a marker beyond the bound) and writes it
// once space returns, reporting both transitions.
import type Database from 'better-sqlite3';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorageStatus } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ProfileId } from '../../shared/ids';
import { closeDatabase, openDatabase } from './database';
import { ProfilesRepo } from './profiles-repo';
import { StorageHealth, withStorageErrors } from './storage-health';
import { seedRuns, tempDbFile, type TempDb } from './test-fixtures';
import { TranscriptSink } from './transcript-sink';

let tmp: TempDb;
let db: Database.Database;
let runIds: string[];
const sinks: TranscriptSink[] = [];
const healths: StorageHealth[] = [];

beforeEach(async () => {
  tmp = tempDbFile();
  db = await openDatabase(tmp.file);
  runIds = seedRuns(db, 2);
});
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.close().catch(() => {});
  for (const h of healths.splice(0)) h.dispose();
  if (db.open) closeDatabase(db);
  tmp.cleanup();
});

async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

function stored(runId: string): string {
  return db.prepare<[string], { data: string }>('SELECT data FROM transcript_chunks WHERE run_id = ? ORDER BY seq').all(runId).map((r) => r.data).join('');
}

/** A command profile with a long name, so the table fills in few rows. */
function profile(n: number) {
  return { id: `profile-${String(n).padStart(6, '0')}` as ProfileId, name: `p${n} ${'x'.repeat(2000)}`, argv: ['node', 'x'] };
}

/** Saves command profiles with long names until the database refuses one; returns how many were saved. */
function fillMain(save: () => void): { saved: number; error: unknown } {
  for (let saved = 0; saved < 100_000; saved++) {
    try {
      save();
    } catch (error) {
      return { saved, error };
    }
  }
  throw new Error('the database never filled up');
}

describe('main connection full', () => {
  it('reports DISK_FULL naming the file, keeps earlier rows, and clears once the probe can write again', async () => {
    const events: StorageStatus[] = [];
    const health = new StorageHealth({ db, file: tmp.file, emit: (s) => events.push(s), log: () => {}, probeIntervalMs: 50 });
    healths.push(health);
    const profiles = new ProfilesRepo(db);
    const handlers = withStorageErrors(health, {
      save: async (n: number) => profiles.save(profile(n)),
    });
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let n = 0;
    const fill = fillMain(() => {
      profiles.save(profile(n));
      n++;
    });
    expect((fill.error as { code?: string }).code).toBe('SQLITE_FULL');

    const err = await handlers.save(n).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'DISK_FULL' });
    expect((err as Error).message).toContain(tmp.file);
    expect(events).toEqual([{ ok: false, message: expect.stringContaining(tmp.file) as string }]);
    expect(profiles.list()).toHaveLength(fill.saved); // earlier rows intact
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');

    await delay(200);
    expect(events).toHaveLength(1); // still full: the probe keeps failing quietly
    db.pragma('max_page_count = 1073741823');
    await until(() => events.length === 2, 'the ok event');
    expect(events[1]).toEqual({ ok: true });
    await handlers.save(n);
    expect(profiles.list()).toHaveLength(fill.saved + 1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'storage_probe'").get()).toEqual({ n: 0 });
  });

  it('passes other errors through unchanged and raises no event', async () => {
    const events: StorageStatus[] = [];
    const health = new StorageHealth({ db, file: tmp.file, emit: (s) => events.push(s), log: () => {} });
    healths.push(health);
    const boom = new AppError('NOT_FOUND', 'nope');
    const handlers = withStorageErrors(health, { fail: async () => Promise.reject(boom) });
    await expect(handlers.fail()).rejects.toBe(boom);
    expect(events).toEqual([]);
    expect(health.status).toEqual({ ok: true });
  });
});

describe('transcript writer full', () => {
  it('keeps the output while writes fail, reports it, and writes all of it (no gap) once space returns', async () => {
    const statuses: Array<{ ok: boolean }> = [];
    const s = await TranscriptSink.open(tmp.file, { flushIntervalMs: 10, onStorage: (st) => statuses.push(st), onError: () => {} });
    sinks.push(s);
    const run = runIds[0]!;
    let expected = 'before the disk filled\r\n';
    s.append(run, expected);
    await s.flush();
    await s.setMaxPageCount(1); // never below the current size: full from here on
    for (let i = 0; i < 200; i++) {
      const line = `line ${i} ${'y'.repeat(1000)}\r\n`;
      s.append(run, line);
      expected += line;
    }
    await expect(s.flush()).rejects.toThrow(/full/);
    await until(() => statuses.length === 1, 'the full report');
    expect(statuses).toEqual([{ ok: false, message: expect.stringMatching(/full/) as string }]);
    expect(stored(run)).toBe('before the disk filled\r\n'); // earlier output intact
    expect((await s.readTail(run, 1e9)).text).toBe(expected); // held, readable

    await s.setMaxPageCount(null);
    await until(() => statuses.length === 2, 'the ok report'); // the writer's own retry
    expect(statuses[1]).toEqual({ ok: true });
    await s.flush();
    expect(stored(run)).toBe(expected);
  });

  it('bounds what it holds: beyond the bound the oldest unsaved output is replaced by a visible marker', async () => {
    const s = await TranscriptSink.open(tmp.file, { flushIntervalMs: 10, maxUnsavedChars: 10_000, onError: () => {} });
    sinks.push(s);
    const run = runIds[1]!;
    s.append(run, 'kept\r\n');
    await s.flush();
    await s.setMaxPageCount(1);
    let unsaved = '';
    for (let i = 0; i < 50; i++) {
      const line = `${String(i).padStart(4, '0')}${'z'.repeat(995)}\r\n`;
      s.append(run, line);
      unsaved += line;
    }
    await s.flush().catch(() => {});
    await s.setMaxPageCount(null);
    await until(async () => (await s.flush().then(() => true, () => false)), 'a successful flush');
    const text = stored(run);
    expect(text.startsWith('kept\r\n')).toBe(true);
    const marker = /\[… ([\d.]+ kB) of output not kept: the database could not be written \(disk full\?\) …\]/.exec(text);
    expect(marker).not.toBeNull();
    expect(text.endsWith(unsaved.slice(-10_000))).toBe(true);
    const tailKept = text.slice(text.indexOf('\x1b[0m\r\n', marker!.index) + '\x1b[0m\r\n'.length);
    expect(tailKept.length).toBeLessThanOrEqual(10_000);
    expect(unsaved.endsWith(tailKept)).toBe(true);
  });
});
