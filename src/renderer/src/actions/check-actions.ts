// Running a run's checks (.switchyard.json) and loading results and the thread's check config.
// Live progress arrives as `checks.changed` events (rpc/bindings.ts).
import { errorMessage } from '../lib/errors';
import { checksOfRun, setChecksConfig, setRunChecks } from '../state/checks-slice';
import { isFinished, isOnBoard } from '../state/review-slice';
import { runsOfThread } from '../state/runs-slice';
import { reportError, type ActionContext } from './context';

export async function loadChecks(ctx: ActionContext, runId: string): Promise<void> {
  try {
    const results = await ctx.client.call('checks.list', { runId });
    ctx.store.setState((s) => setRunChecks(s, runId, results));
  } catch (err) {
    reportError(ctx, err, 'Could not load check results');
  }
}

export async function loadChecksConfig(ctx: ActionContext, threadId: string): Promise<void> {
  try {
    const config = await ctx.client.call('checks.config', { threadId });
    ctx.store.setState((s) => setChecksConfig(s, threadId, config));
  } catch (err) {
    // Shown as the board's one-line checks hint rather than a toast.
    ctx.store.setState((s) => setChecksConfig(s, threadId, { checks: [], setup: [], error: errorMessage(err) }));
  }
}

/** Starts the run's checks; resolves with false (and says why) when none started. */
export async function runChecks(ctx: ActionContext, runId: string): Promise<boolean> {
  try {
    const { started } = await ctx.client.call('checks.run', { runId });
    if (!started) {
      const run = ctx.store.getState().runsById[runId];
      reportError(ctx, new Error(`No checks started for run ${run?.index ?? ''}: none are configured, or they are already running.`));
    }
    return started;
  } catch (err) {
    reportError(ctx, err, 'Could not run the checks');
    return false;
  }
}

/** Runs the checks of every run of the thread that is on the board, has finished and is not being checked already. */
export async function runChecksOnAll(ctx: ActionContext, threadId: string): Promise<void> {
  const s = ctx.store.getState();
  const runs = runsOfThread(s, threadId).filter(
    (r) => isOnBoard(r) && isFinished(r) && !checksOfRun(s, r.id).some((c) => c.status === 'running'),
  );
  await Promise.all(runs.map((r) => runChecks(ctx, r.id)));
}
