import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunId } from '../../shared/ids';
import { closeDatabase, openDatabase } from './database';
import { RunProcessesRepo } from './run-processes-repo';
import { RunsRepo } from './runs-repo';
import { seedRuns, tempDbFile, type TempDb } from './test-fixtures';

let tmp: TempDb;
let db: Database.Database;
let runIds: RunId[];
beforeEach(async () => {
  tmp = tempDbFile();
  db = await openDatabase(tmp.file);
  runIds = seedRuns(db, 3);
});
afterEach(() => {
  closeDatabase(db);
  tmp.cleanup();
});

describe('RunProcessesRepo', () => {
  it('records a process, fills its start time only for the same pid, and a new spawn replaces it', () => {
    const repo = new RunProcessesRepo(db);
    const [a] = runIds as [RunId];
    repo.record({ runId: a, pid: 100, startedAt: null, nonce: 'n1', spawnedAt: 5 });
    repo.setStartedAt(a, 999, 7); // another pid: ignored
    expect(repo.get(a)).toEqual({ runId: a, pid: 100, startedAt: null, nonce: 'n1', spawnedAt: 5 });
    repo.setStartedAt(a, 100, 7);
    expect(repo.get(a)?.startedAt).toBe(7);
    repo.record({ runId: a, pid: 200, startedAt: null, nonce: 'n2', spawnedAt: 9 });
    expect(repo.get(a)).toEqual({ runId: a, pid: 200, startedAt: null, nonce: 'n2', spawnedAt: 9 });
  });

  it('lists only the processes of runs still marked starting or running', () => {
    const repo = new RunProcessesRepo(db);
    const runs = new RunsRepo(db);
    const [a, b, c] = runIds as [RunId, RunId, RunId];
    runs.update(a, { status: 'running' });
    runs.update(b, { status: 'exited', exitCode: 0 });
    runs.update(c, { status: 'starting' });
    for (const [i, id] of [a, b, c].entries()) repo.record({ runId: id, pid: 10 + i, startedAt: 1, nonce: `n${i}`, spawnedAt: 1 });
    expect(repo.listOfActiveRuns().map((r) => r.runId).sort()).toEqual([a, c].sort());
    runs.markActiveAsInterrupted(2);
    expect(repo.listOfActiveRuns()).toEqual([]);
  });
});
