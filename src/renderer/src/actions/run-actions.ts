// Acting on one run: stop or resume it, refresh its diff, open it in the large terminal and come back.
import { upsertRun } from '../state/runs-slice';
import { reportError, type ActionContext } from './context';

export async function stopRun(ctx: ActionContext, runId: string): Promise<void> {
  try {
    const run = await ctx.client.call('runs.stop', { runId });
    ctx.store.setState((s) => upsertRun(s, run));
  } catch (err) {
    reportError(ctx, err, 'Could not stop the run');
  }
}

/** Starts an agent CLI again in its worktree, continuing its last session. */
export async function resumeRun(ctx: ActionContext, runId: string): Promise<void> {
  try {
    const run = await ctx.client.call('runs.resume', { runId });
    ctx.store.setState((s) => upsertRun(s, run));
  } catch (err) {
    reportError(ctx, err, 'Could not resume the run');
  }
}

export async function refreshDiff(ctx: ActionContext, runId: string): Promise<void> {
  try {
    const run = await ctx.client.call('runs.refreshDiff', { runId });
    ctx.store.setState((s) => upsertRun(s, run));
  } catch (err) {
    reportError(ctx, err, 'Could not refresh the diff');
  }
}

export function focusRun(ctx: Pick<ActionContext, 'store'>, runId: string): void {
  ctx.store.setState({ focusedRunId: runId, panel: null });
}

/** Back to the board; the card of the run that was focused gets keyboard focus again. */
export function backToBoard(ctx: Pick<ActionContext, 'store'>): void {
  ctx.store.setState((s) => ({ focusedRunId: null, returnFocusRunId: s.focusedRunId }));
}
