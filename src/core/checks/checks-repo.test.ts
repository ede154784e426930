import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { RunId } from '../../shared/ids';
import { closeDatabase, openDatabase } from '../store/database';
import { migrations, type Migration } from '../store/migrations';
import { seedRuns, tempDbFile, type TempDb } from '../store/test-fixtures';
import { ChecksRepo, type CheckRecord } from './checks-repo';
import { checksMigration } from './checks-schema';

/**
 * Version 3 belongs to another module that is not registered yet; until it is, the tests slot a
 * no-op in its place so checksMigration keeps its real number. Once migrations.ts lists v3 (and v4),
 * this becomes `openDatabase(file)`.
 */
const stubV3: Migration = { version: 3, name: 'placeholder for v3 (owned elsewhere)', up: () => undefined };
const withChecks = (): Migration[] => {
  const list = [...migrations];
  if (!list.some((m) => m.version === 3)) list.push(stubV3);
  return list.some((m) => m.version === 4) ? list : [...list, checksMigration];
};

let tmp: TempDb;
let db: Database.Database;
let checks: ChecksRepo;
let runA: RunId;
let runB: RunId;
beforeEach(async () => {
  tmp = tempDbFile();
  db = await openDatabase(tmp.file, { migrations: withChecks() });
  checks = new ChecksRepo(db);
  [runA = '' as RunId, runB = '' as RunId] = seedRuns(db, 2);
});
afterEach(() => {
  closeDatabase(db);
  tmp.cleanup();
});

const done = (id: string, runId: RunId, name: string, status: CheckRecord['status'], startedAt: number): CheckRecord => ({
  id, runId, name, command: `npm run ${name}`, status, exitCode: status === 'passed' ? 0 : 1, durationMs: 10, output: `${name} ${status}`, startedAt, finishedAt: startedAt + 10,
});

describe('ChecksRepo', () => {
  it('records a check from running to its outcome', () => {
    const started = checks.start({ id: 'chk-1', runId: runA, name: 'test', command: 'npm test', startedAt: 1_000 });
    expect(started).toMatchObject({ status: 'running', exitCode: null, durationMs: null, finishedAt: null, output: '' });
    expect(checks.get('chk-1')).toEqual(started);
    const ended = checks.update('chk-1', { status: 'failed', exitCode: 2, durationMs: 1_500, output: '2 failing', finishedAt: 2_500 });
    expect(ended).toEqual({ ...started, status: 'failed', exitCode: 2, durationMs: 1_500, output: '2 failing', finishedAt: 2_500 });
  });

  it('writes an outcome once, and says so for an unknown id', () => {
    checks.start({ id: 'chk-1', runId: runA, name: 'test', command: 'npm test', startedAt: 1 });
    checks.update('chk-1', { status: 'passed', exitCode: 0, durationMs: 1, output: '', finishedAt: 2 });
    const again = (() => {
      try {
        checks.update('chk-1', { status: 'failed', exitCode: 1, durationMs: 1, output: '', finishedAt: 3 });
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(again?.message).toBe('Check test has already ended (passed); its result is not changed.');
    expect(() => checks.update('nope', { status: 'passed', exitCode: 0, durationMs: 1, output: '', finishedAt: 2 })).toThrow(AppError);
  });

  it('lists a run’s results oldest first, and the latest of each check per run', () => {
    checks.insert(done('1', runA, 'test', 'failed', 100));
    checks.insert(done('2', runA, 'lint', 'passed', 110));
    checks.insert(done('3', runA, 'test', 'passed', 200));
    checks.insert(done('4', runB, 'test', 'failed', 150));
    checks.start({ id: '5', runId: runB, name: 'build', command: 'npm run build', startedAt: 300 });
    expect(checks.listByRun(runA).map((c) => c.id)).toEqual(['1', '2', '3']);
    expect(checks.latestByRun(runA).map((c) => [c.name, c.status])).toEqual([['lint', 'passed'], ['test', 'passed']]);
    const both = checks.latestByRuns([runA, runB, 'run-none' as RunId]);
    expect(both.get(runB)?.map((c) => [c.name, c.status])).toEqual([['test', 'failed'], ['build', 'running']]);
    expect(both.get('run-none' as RunId)).toEqual([]);
  });

  it('marks checks left running as interrupted at start-up', () => {
    checks.start({ id: 'r', runId: runA, name: 'test', command: 'npm test', startedAt: 1_000 });
    checks.insert(done('d', runA, 'lint', 'passed', 900));
    expect(checks.markRunningAsInterrupted(4_000)).toBe(1);
    expect(checks.get('r')).toMatchObject({ status: 'interrupted', finishedAt: 4_000, durationMs: 3_000 });
    expect(checks.get('r')?.output).toContain('Switchyard stopped before this check finished.');
    expect(checks.get('d')?.status).toBe('passed');
  });

  it('refuses a row for an unknown run or with an unknown status', () => {
    expect(() => checks.insert(done('x', 'run-unknown' as RunId, 'test', 'passed', 1))).toThrow(/FOREIGN KEY/);
    expect(() => checks.insert({ ...done('y', runA, 'test', 'passed', 1), status: 'great' as CheckRecord['status'] })).toThrow(/CHECK/);
  });
});
