import { describe, expect, it } from 'vitest';
import { runGit, writeFiles } from '../../../test/helpers/git-fixtures';
import type { RunId } from '../../shared/ids';
import { caught, git, revParse, useCleanup } from '../lifecycle/lifecycle-test-support';
import { merge } from './merge-engine';
import { recordedMerge, settlePendingMerges, undoRecordedMerge, type RecordedMergeRequest } from './merge-recorder';
import type { MergesRepo } from './merges-repo';
import { commitIn, commitOnMain, useRecorderSetup } from './merge-test-support';

const track = useCleanup();

const NOW = 1_700_000_500_000;

/** A database holding one repo (at the fixture's path), thread and run, plus a diverged fixture. */
const setup = useRecorderSetup(track);

/** What the recorder does right before publishing: the pending row. */
function insertPending(merges: MergesRepo, r: RecordedMergeRequest, c: { oldTip: string; newTip: string }) {
  return merges.insert({ id: r.mergeId, runId: r.runId, threadId: r.threadId, repoId: r.repoId, baseBranch: r.baseBranch, mode: r.mode, oldTip: c.oldTip, newTip: c.newTip, message: r.message, createdAt: NOW });
}

describe('merge records', () => {
  it('records a published merge with its old and new tip, and undo marks it undone', async () => {
    const { fx, merges, req, runId } = await setup({ baseCheckedOut: false });
    const oldTip = await revParse(fx.repo, 'main');
    const { result, record } = await recordedMerge(git, merges, req('merge-000001'), { now: () => NOW });
    expect(result.kind).toBe('merged');
    expect(record).toMatchObject({ id: 'merge-000001', runId, state: 'published', oldTip, newTip: await revParse(fx.repo, 'main'), repoPath: fx.repo, publishedAt: NOW, undoneAt: null });
    expect(merges.listByRun(runId as RunId).map((m) => m.id)).toEqual(['merge-000001']);

    const undo = await undoRecordedMerge(git, merges, 'merge-000001', () => NOW + 1);
    expect(undo.result.kind).toBe('undone');
    expect(undo.record).toMatchObject({ state: 'undone', undoneAt: NOW + 1 });
    expect(await revParse(fx.repo, 'main')).toBe(oldTip);
    expect((await caught(undoRecordedMerge(git, merges, 'merge-000001'))).message).toMatch(/only a published merge can be undone/);
  });

  it('writes no row for a conflict and a failed row for a refused publish', async () => {
    const { fx, merges, req } = await setup({ baseCheckedOut: true });
    await writeFiles(fx.repo, { 'README.md': 'dirty\n' });
    const refused = await recordedMerge(git, merges, req('merge-000002'), { now: () => NOW });
    expect(refused.result.kind).toBe('dirty-checkout');
    expect(refused.record).toMatchObject({ state: 'failed', failure: expect.stringMatching(/uncommitted changes/) });
    await runGit(fx.repo, ['checkout', '--', 'README.md']);

    await commitOnMain(fx, { 'src/a.ts': 'conflicting\n' }, 'conflict');
    const conflict = await recordedMerge(git, merges, req('merge-000003'));
    expect(conflict).toMatchObject({ result: { kind: 'conflict', files: ['src/a.ts'] }, record: null });
    expect(merges.get('merge-000003')).toBeNull();
  });

  it('settles a crash between computing and publishing as failed (the base never moved)', async () => {
    const { fx, merges, req } = await setup({ baseCheckedOut: false });
    const before = await revParse(fx.repo, 'main');
    const r = req('merge-000004');
    const crash = await merge(git, r, {
      onComputed: (c) => {
        insertPending(merges, r, c);
        throw new Error('simulated crash before publishing');
      },
    }).then(() => null, (e: unknown) => e);
    expect(String(crash)).toMatch(/simulated crash/);
    expect(merges.get(r.mergeId)?.state).toBe('pending');
    expect(await revParse(fx.repo, 'main')).toBe(before);

    expect(await settlePendingMerges(git, merges, () => NOW)).toEqual([{ id: r.mergeId, state: 'failed' }]);
    expect(merges.get(r.mergeId)).toMatchObject({ state: 'failed', failure: expect.stringMatching(/stopped before publishing/) });
    expect(merges.listPending()).toEqual([]);
  });

  it('settles a crash between publishing and recording as published (the base is at the new tip)', async () => {
    const { fx, merges, req } = await setup({ baseCheckedOut: true });
    const r = req('merge-000005');
    // The recorder would mark the row published after merge() returns; the "crash" skips that.
    const result = await merge(git, r, { onComputed: (c) => void insertPending(merges, r, c) });
    expect(result.kind).toBe('merged');
    expect(merges.get(r.mergeId)?.state).toBe('pending');
    await commitIn(fx.repo, { 'after.txt': 'later work\n' }, 'the user kept working after the crash');

    expect(await settlePendingMerges(git, merges, () => NOW)).toEqual([{ id: r.mergeId, state: 'published' }]);
    expect(merges.get(r.mergeId)).toMatchObject({ state: 'published', publishedAt: NOW });
  });

  it('allows only pending -> published | failed and published -> undone', async () => {
    const { fx, merges, req } = await setup({ baseCheckedOut: false });
    const tip = await revParse(fx.repo, 'main');
    insertPending(merges, req('merge-000006'), { oldTip: tip, newTip: tip });
    expect((await caught(Promise.resolve().then(() => merges.markUndone('merge-000006', NOW)))).message).toMatch(/is pending, so it cannot become undone/);
    merges.markFailed('merge-000006', 'x');
    expect((await caught(Promise.resolve().then(() => merges.markPublished('merge-000006', NOW)))).message).toMatch(/is failed/);
    expect((await caught(Promise.resolve().then(() => merges.markFailed('nope', 'x')))).code).toBe('NOT_FOUND');
  });
});
