import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/contract/runs';
import type { RunId, ThreadId } from '../../shared/ids';
import { closeDatabase, openDatabase } from './database';
import { RunsRepo } from './runs-repo';
import { sampleRun, seedThread, tempDbFile, type TempDb } from './test-fixtures';

let tmp: TempDb;
let db: Database.Database;
let runs: RunsRepo;
let threadId: ThreadId;
beforeEach(async () => {
  tmp = tempDbFile();
  db = await openDatabase(tmp.file);
  runs = new RunsRepo(db);
  threadId = seedThread(db).thread.id;
});
afterEach(() => {
  closeDatabase(db);
  tmp.cleanup();
});

describe('RunsRepo', () => {
  it('round-trips a run with every nullable null, and with every field set', () => {
    const bare = sampleRun(threadId, 1);
    const full: Run = sampleRun(threadId, 2, {
      status: 'exited',
      exitCode: 0,
      failure: 'not really',
      startedAt: 5,
      endedAt: 9,
      diff: { files: 3, added: 40, removed: 0, at: 1_700_000_300_000 },
    });
    runs.insert(bare);
    runs.insert(full);
    expect(runs.get(bare.id)).toEqual(bare);
    expect(runs.get(full.id)).toEqual(full);
    expect(runs.get('run-unknown' as RunId)).toBeNull();
  });

  it('lists a thread’s runs by index', () => {
    runs.insert(sampleRun(threadId, 3));
    runs.insert(sampleRun(threadId, 1));
    runs.insert(sampleRun(threadId, 2));
    expect(runs.listByThread(threadId).map((r) => r.index)).toEqual([1, 2, 3]);
    expect(() => runs.insert(sampleRun(threadId, 2, { id: 'run-dup-index' as RunId }))).toThrow(/UNIQUE/);
  });

  it('updates only the given fields; diff null clears, diff set fills', () => {
    const run = sampleRun(threadId, 1);
    runs.insert(run);
    const started = runs.update(run.id, { status: 'running', startedAt: 50 });
    expect(started).toEqual({ ...run, status: 'running', startedAt: 50 });

    const diff = { files: 1, added: 2, removed: 3, at: 60 };
    expect(runs.update(run.id, { diff, exitCode: undefined })).toEqual({ ...started, diff });
    expect(runs.get(run.id)).toEqual({ ...started, diff });

    const cleared = runs.update(run.id, { diff: null, status: 'failed', failure: 'git worktree add failed' });
    expect(cleared).toEqual({ ...started, status: 'failed', failure: 'git worktree add failed', diff: null });
    expect(runs.get(run.id)).toEqual(cleared);
  });

  it('does not let a patch change id or threadId, and reports an unknown run', () => {
    const run = sampleRun(threadId, 1);
    runs.insert(run);
    const sneaky = { id: 'run-other0001', threadId: 'thread-other', status: 'running' } as unknown as Partial<Run>;
    expect(runs.update(run.id, sneaky)).toEqual({ ...run, status: 'running' });
    expect(() => runs.update('run-unknown' as RunId, { status: 'running' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('marks only starting and running runs as interrupted', () => {
    const statuses = ['starting', 'running', 'exited', 'failed', 'interrupted'] as const;
    statuses.forEach((status, i) => runs.insert(sampleRun(threadId, i + 1, { status, endedAt: status === 'exited' ? 7 : null })));
    expect(runs.markActiveAsInterrupted(999)).toBe(2);
    expect(runs.listByThread(threadId).map((r) => [r.status, r.endedAt])).toEqual([
      ['interrupted', 999],
      ['interrupted', 999],
      ['exited', 7],
      ['failed', null],
      ['interrupted', null],
    ]);
    expect(runs.markActiveAsInterrupted(1000)).toBe(0);
  });
});
