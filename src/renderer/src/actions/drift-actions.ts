// Drift: what the core found out of step between its records and `git worktree list` (a worktree
// folder deleted by hand, a branch gone, …). Loaded on connect and whenever a repository opens;
// reported for the user to decide, never repaired by Switchyard.
import { reportError, type ActionContext } from './context';

export async function loadDrift(ctx: ActionContext): Promise<void> {
  try {
    const drift = await ctx.client.call('app.drift', {});
    ctx.store.setState({ drift });
  } catch (err) {
    reportError(ctx, err, 'Could not check the worktrees');
  }
}

/** Hides the drift notice until the app is reloaded. */
export function dismissDrift(ctx: Pick<ActionContext, 'store'>): void {
  ctx.store.setState({ driftDismissed: true });
}
