// Opening and closing the panels that replace the board: a run's review, a thread's comparison
// and the repository's trash.
import type { ActionContext } from './context';

type StoreOnly = Pick<ActionContext, 'store'>;

export function openReview(ctx: StoreOnly, runId: string): void {
  ctx.store.setState({ panel: { kind: 'review', runId }, focusedRunId: null });
}

export function openCompare(ctx: StoreOnly, threadId: string): void {
  ctx.store.setState({ panel: { kind: 'compare', threadId }, focusedRunId: null });
}

export function openTrash(ctx: StoreOnly): void {
  ctx.store.setState({ panel: { kind: 'trash' }, focusedRunId: null });
}

/** Back to the board; a review pane gives the keyboard focus back to its run's card. */
export function closePanel(ctx: StoreOnly): void {
  ctx.store.setState((s) => ({ panel: null, returnFocusRunId: s.panel?.kind === 'review' ? s.panel.runId : s.returnFocusRunId }));
}
