import { describe, expect, it } from 'vitest';
import type { CheckResult, MergeRecord } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { createFakeCore } from '../rpc/fake-core';
import { upsertCheck } from '../state/checks-slice';
import { publishedMergeOf } from '../state/review-slice';
import { upsertRuns } from '../state/runs-slice';
import { createAppStore } from '../state/store';
import { makeRun } from '../state/test-fixtures';
import { runChecksOnAll } from './check-actions';
import { deleteRun, restoreRun } from './lifecycle-actions';
import { mergeRun } from './merge-actions';
import { closePanel, openReview } from './panel-actions';

const running: CheckResult = {
  id: 'chk1', runId: 'run-00003', name: 'test', command: 'npm test', status: 'running', exitCode: null, durationMs: null, output: '', startedAt: 1, finishedAt: null,
};

function threeRuns() {
  return createAppStore(
    upsertRuns(createAppStore().getState(), [
      makeRun({ id: 'run-00001', index: 1, status: 'exited', exitCode: 0 }),
      makeRun({ id: 'run-00002', index: 2, status: 'running' }),
      makeRun({ id: 'run-00003', index: 3, status: 'exited', exitCode: 0 }),
      makeRun({ id: 'run-00004', index: 4, status: 'exited', exitCode: 0, archivedAt: 5 }),
    ]),
  );
}

describe('review actions', () => {
  it('runs checks on the finished runs on the board that are not being checked already', async () => {
    const core = createFakeCore({ 'checks.run': () => ({ started: true }) });
    const store = threeRuns();
    store.setState((s) => upsertCheck(s, running));
    await runChecksOnAll({ client: core.client, store }, 'thread-0001');
    expect(core.calls.map((c) => c.input)).toEqual([{ runId: 'run-00001' }]);
    expect(store.getState().toasts).toEqual([]);
  });

  it('shows why checks could not start', async () => {
    const core = createFakeCore({
      'checks.run': () => {
        throw new AppError('INVALID_INPUT', 'Checks are already running for this run.');
      },
    });
    const store = threeRuns();
    await runChecksOnAll({ client: core.client, store }, 'thread-0001');
    expect(store.getState().toasts.map((t) => t.message)).toEqual(['Could not run the checks: Checks are already running for this run.']);
  });

  it('after a merge, reloads the merge records (for the merged badge)', async () => {
    const record: MergeRecord = {
      id: 'm1', runId: 'run-00001', threadId: 'thread-0001', baseBranch: 'main', mode: 'squash', state: 'published', oldTip: 'a', newTip: 'b', message: 'm', createdAt: 1, publishedAt: 2, undoneAt: null,
    };
    const core = createFakeCore({
      'merge.run': (input) => {
        expect(input).toEqual({ runId: 'run-00001', mode: 'squash', message: 'Fix it', archiveOthers: true });
        return { kind: 'merged', mergeId: 'm1', oldTip: 'a', newTip: 'b', mode: 'squash', checkout: null };
      },
      'merge.list': () => [record],
    });
    const store = threeRuns();
    const outcome = await mergeRun({ client: core.client, store }, { runId: 'run-00001', threadId: 'thread-0001', mode: 'squash', message: 'Fix it', archiveOthers: true });
    expect(outcome.kind).toBe('merged');
    expect(publishedMergeOf(store.getState(), 'thread-0001', 'run-00001')?.id).toBe('m1');
  });

  it('returns a refused merge as an outcome and reloads nothing', async () => {
    const core = createFakeCore({ 'merge.run': () => ({ kind: 'base-moved', message: 'main moved on; try again.' }) });
    const outcome = await mergeRun({ client: core.client, store: threeRuns() }, { runId: 'run-00001', threadId: 'thread-0001', mode: 'merge', message: 'm', archiveOthers: false });
    expect(outcome).toEqual({ kind: 'base-moved', message: 'main moved on; try again.' });
    expect(core.calls.map((c) => c.name)).toEqual(['merge.run']);
  });

  it('deletes only with confirmation and restores from the trash', async () => {
    const core = createFakeCore({
      'runs.delete': (input) => ({ run: makeRun({ id: input.runId, index: 3, status: 'exited', exitCode: 0, archivedAt: 7 }), branchDeleted: false, backupRef: `refs/switchyard/backup/${input.runId}` }),
      'runs.restore': (input) => makeRun({ id: input.runId, index: 4, status: 'exited', exitCode: 0, archivedAt: null }),
    });
    const store = threeRuns();
    const ctx = { client: core.client, store };
    expect(await deleteRun(ctx, 'run-00003')).toEqual({ branchDeleted: false, backupRef: 'refs/switchyard/backup/run-00003' });
    expect(core.calls[0]?.input).toEqual({ runId: 'run-00003', confirm: true });
    expect(store.getState().runsById['run-00003']?.archivedAt).toBe(7);
    expect((await restoreRun(ctx, 'run-00004'))?.archivedAt).toBeNull();
    expect(store.getState().runsById['run-00004']?.archivedAt).toBeNull();
  });

  it('opens a review pane and gives the focus back to its card when closed', () => {
    const store = threeRuns();
    store.setState({ focusedRunId: 'run-00001' });
    openReview({ store }, 'run-00003');
    expect(store.getState()).toMatchObject({ panel: { kind: 'review', runId: 'run-00003' }, focusedRunId: null });
    closePanel({ store });
    expect(store.getState()).toMatchObject({ panel: null, returnFocusRunId: 'run-00003' });
  });
});
