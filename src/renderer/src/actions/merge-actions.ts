// Merging a run into its base branch, undoing it, and loading a thread's merge records. The
// outcome (merged, conflict, refused) is returned to the dialog that shows it; failed calls reject.
import type { MergeOutcome, MergeRecord } from '../../../shared/contract';
import { setMerges } from '../state/review-slice';
import { reportError, type ActionContext } from './context';

export type MergeMode = MergeRecord['mode'];

export async function loadMerges(ctx: ActionContext, threadId: string): Promise<void> {
  try {
    const merges = await ctx.client.call('merge.list', { threadId });
    ctx.store.setState((s) => setMerges(s, threadId, merges));
  } catch (err) {
    reportError(ctx, err, 'Could not load merges');
  }
}

export interface MergeRequest {
  readonly runId: string;
  readonly threadId: string;
  readonly mode: MergeMode;
  readonly message: string;
  readonly archiveOthers: boolean;
}

/**
 * Rejects when the call fails (the dialog shows the message); refusals come back as outcomes. The
 * other runs are archived by the core in the background; each arrives as `runs.changed`.
 */
export async function mergeRun(ctx: ActionContext, req: MergeRequest): Promise<MergeOutcome> {
  const outcome = await ctx.client.call('merge.run', { runId: req.runId, mode: req.mode, message: req.message, archiveOthers: req.archiveOthers });
  if (outcome.kind === 'merged') await loadMerges(ctx, req.threadId);
  return outcome;
}

export async function undoMerge(ctx: ActionContext, mergeId: string, threadId: string): Promise<{ undone: boolean; message: string }> {
  const result = await ctx.client.call('merge.undo', { mergeId });
  await loadMerges(ctx, threadId);
  return result;
}
