// The merge recorder's fault-injection seam: each point fires exactly where its name says (the
// hardening suite SIGKILLs a child process there; here a throwing hook stands in for the crash).
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultPoint } from '../faults';
import { closeDatabase, openDatabase } from '../store/database';
import { RunsRepo } from '../store/runs-repo';
import { sampleRun, seedThread, tempDbFile } from '../store/test-fixtures';
import { git, revParse, useCleanup } from '../lifecycle/lifecycle-test-support';
import { recordedMerge, settlePendingMerges, type RecordedMergeRequest } from './merge-recorder';
import { MergesRepo } from './merges-repo';
import { commitIn, commitOnMain, makeMergeFixture, RUN_BRANCH } from './merge-test-support';

const track = useCleanup();
const dbs: Array<{ db: Database.Database; cleanup(): void }> = [];
afterEach(() => {
  for (const { db, cleanup } of dbs.splice(0)) {
    closeDatabase(db);
    cleanup();
  }
});

async function setup() {
  const fx = await makeMergeFixture(track, { baseCheckedOut: false });
  const tmp = tempDbFile();
  const db = await openDatabase(tmp.file);
  dbs.push({ db, cleanup: tmp.cleanup });
  const { repo, thread } = seedThread(db);
  db.prepare('UPDATE repos SET path = ? WHERE id = ?').run(fx.repo, repo.id);
  const run = sampleRun(thread.id, 1);
  new RunsRepo(db).insert(run);
  await commitIn(fx.runWt, { 'src/a.ts': 'run\n' }, 'run commit');
  await commitOnMain(fx, { 'src/b.ts': 'base\n' }, 'base commit');
  const req: RecordedMergeRequest = {
    mergeId: 'merge-fault1', runId: run.id, threadId: thread.id, repoId: repo.id,
    repoPath: fx.repo, baseBranch: 'main', runBranch: RUN_BRANCH, mode: 'merge', message: 'Merge run 1',
  };
  return { fx, merges: new MergesRepo(db), req };
}

/** A hook that records every point and throws at `at`, as a crash there would stop everything after it. */
function crashAt(at: FaultPoint) {
  const seen: FaultPoint[] = [];
  const hook = (point: FaultPoint) => {
    seen.push(point);
    if (point === at) throw new Error(`crash at ${point}`);
  };
  return { seen, hook };
}

describe('merge fault points', () => {
  it('calls merge.computed then merge.published on a successful merge, without changing the outcome', async () => {
    const { merges, req } = await setup();
    const seen: FaultPoint[] = [];
    const { result, record } = await recordedMerge(git, merges, req, { onFault: (p) => seen.push(p) });
    expect(result.kind).toBe('merged');
    expect(record?.state).toBe('published');
    expect(seen).toEqual(['merge.computed', 'merge.published']);
  });

  it('merge.computed fires with the pending row written and the base not yet moved', async () => {
    const { fx, merges, req } = await setup();
    const oldTip = await revParse(fx.repo, 'main');
    const { hook } = crashAt('merge.computed');
    await expect(recordedMerge(git, merges, req, { onFault: hook })).rejects.toThrow('crash at merge.computed');
    expect(await revParse(fx.repo, 'main')).toBe(oldTip);
    // In-process the recorder settles the row itself; after a real crash start-up does (same function).
    expect(merges.get(req.mergeId)).toMatchObject({ state: 'failed', oldTip });
  });

  it('merge.published fires with the base moved and the record still pending; start-up settles it as published', async () => {
    const { fx, merges, req } = await setup();
    const { hook } = crashAt('merge.published');
    await expect(recordedMerge(git, merges, req, { onFault: hook })).rejects.toThrow('crash at merge.published');
    const record = merges.get(req.mergeId);
    expect(record?.state).toBe('pending');
    expect(await revParse(fx.repo, 'main')).toBe(record?.newTip);
    expect(await settlePendingMerges(git, merges)).toEqual([{ id: req.mergeId, state: 'published' }]);
  });
});
