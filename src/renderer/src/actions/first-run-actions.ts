// The first-run checklist (git, agent CLIs, an endpoint for the built-in agent) and the "Getting
// started" panel that shows it again once a repository is open.
import type { FirstRunChecks } from '../../../shared/contract';
import type { ActionContext } from './context';

/**
 * Asks the core for the checklist; `force` detects the CLIs again (after installing one). The CLI
 * list the composer shows is updated with the answer. Rejects with the call's error.
 */
export async function loadFirstRunChecks(ctx: ActionContext, force = false): Promise<FirstRunChecks> {
  const checks = await ctx.client.call('app.firstRunChecks', force ? { force: true } : {});
  ctx.store.setState({ clis: checks.clis, clisError: null });
  return checks;
}

export function openGettingStarted(ctx: Pick<ActionContext, 'store'>): void {
  ctx.store.setState({ panel: { kind: 'getting-started' }, focusedRunId: null });
}
