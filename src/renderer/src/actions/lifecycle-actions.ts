// Archiving, deleting and restoring runs (the core snapshots their work to a backup ref first),
// and the trash: the repository's archived runs.
import type { Run } from '../../../shared/contract';
import { upsertRun } from '../state/runs-slice';
import { reportError, type ActionContext } from './context';

export async function archiveRun(ctx: ActionContext, runId: string): Promise<boolean> {
  try {
    const run = await ctx.client.call('runs.archive', { runId });
    ctx.store.setState((s) => upsertRun(s, run));
    return true;
  } catch (err) {
    reportError(ctx, err, 'Could not archive the run');
    return false;
  }
}

/** Rejects when the call fails: the confirmation dialog shows why. */
export async function deleteRun(ctx: ActionContext, runId: string): Promise<{ branchDeleted: boolean; backupRef: string }> {
  const { run, branchDeleted, backupRef } = await ctx.client.call('runs.delete', { runId, confirm: true });
  ctx.store.setState((s) => upsertRun(s, run));
  return { branchDeleted, backupRef };
}

export async function restoreRun(ctx: ActionContext, runId: string): Promise<Run | null> {
  try {
    const run = await ctx.client.call('runs.restore', { runId });
    ctx.store.setState((s) => upsertRun(s, run));
    return run;
  } catch (err) {
    reportError(ctx, err, 'Could not restore the run');
    return null;
  }
}
