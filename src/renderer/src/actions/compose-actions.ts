// Compose: a new run of the thread built from files (or hunks) picked from its runs. The core
// commits the picks onto a new branch off the thread's base and checks it out in a new worktree;
// the run it returns goes into the store at once (its `runs.changed` event may come later). A
// failed call rejects, so the compose panel can show why.
import type { Run } from '../../../shared/contract';
import { upsertRun } from '../state/runs-slice';
import type { ActionContext } from './context';

export interface ComposeRequest {
  readonly threadId: string;
  readonly picks: readonly { path: string; fromRunId: string; hunks?: number[] }[];
  /** Blank: the core's default ("Composed from runs #1, #2: <title>"). */
  readonly message: string;
}

export async function composeRun(ctx: ActionContext, req: ComposeRequest): Promise<Run> {
  const message = req.message.trim();
  const run = await ctx.client.call('threads.compose', {
    threadId: req.threadId,
    picks: req.picks.map((p) => (p.hunks ? { path: p.path, fromRunId: p.fromRunId, hunks: [...p.hunks] } : { path: p.path, fromRunId: p.fromRunId })),
    ...(message ? { message } : {}),
  });
  ctx.store.setState((s) => upsertRun(s, run));
  return run;
}
