// Selecting, creating and loading threads.
import { errorMessage } from '../lib/errors';
import { afterSubmit, toCreateInput, validateDraft, type ComposerDraft } from '../state/composer-slice';
import { defaultBaseBranch } from '../state/repos-slice';
import { upsertRuns } from '../state/runs-slice';
import { upsertThread } from '../state/threads-slice';
import { reportError, type ActionContext } from './context';

/** Shows a thread's board and refreshes its runs. */
export async function selectThread(ctx: ActionContext, threadId: string): Promise<void> {
  ctx.store.setState({ selectedThreadId: threadId, focusedRunId: null, returnFocusRunId: null, pickingRepo: false, panel: null });
  try {
    const { thread, runs } = await ctx.client.call('threads.get', { threadId });
    ctx.store.setState((s) => ({ ...upsertThread(s, thread), ...upsertRuns(s, runs) }));
  } catch (err) {
    reportError(ctx, err, 'Could not load the thread');
  }
}

/** Shows the composer. */
export function newThread(ctx: Pick<ActionContext, 'store'>): void {
  ctx.store.setState({ selectedThreadId: null, focusedRunId: null, returnFocusRunId: null, pickingRepo: false, panel: null });
}

export function updateDraft(ctx: Pick<ActionContext, 'store'>, update: (draft: ComposerDraft) => ComposerDraft): void {
  ctx.store.setState((s) => ({ draft: update(s.draft) }));
}

/**
 * Creates a thread from the draft and shows its board. Resolves with the reason it was refused
 * (checked here first, then the core's own message), or null; the draft is kept on failure.
 */
export async function createThread(ctx: ActionContext): Promise<string | null> {
  const s = ctx.store.getState();
  const repo = s.currentRepo;
  if (!repo) return 'open a repository first';
  const baseBranch = s.draft.baseBranch ?? defaultBaseBranch(s);
  const problem = validateDraft(s.draft, baseBranch);
  if (problem || !baseBranch) return problem ?? 'choose a base branch';
  try {
    const { thread, runs } = await ctx.client.call('threads.create', toCreateInput(s.draft, repo.id, baseBranch));
    ctx.store.setState((st) => ({
      ...upsertThread(st, thread),
      ...upsertRuns(st, runs),
      selectedThreadId: thread.id,
      focusedRunId: null,
      panel: null,
      returnFocusRunId: null,
      draft: afterSubmit(st.draft),
    }));
    return null;
  } catch (err) {
    return errorMessage(err);
  }
}
