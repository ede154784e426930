// What the main area shows besides the board (a run's review pane, a thread's compare view, the
// trash) and each thread's merge records (for the "merged" badges and undo). Pure functions.
import type { MergeRecord, Run } from '../../../shared/contract';

export type Panel =
  | { readonly kind: 'review'; readonly runId: string }
  | { readonly kind: 'compare'; readonly threadId: string }
  | { readonly kind: 'trash' }
  /** The three jobs and the setup checklist, reachable once a repository is open. */
  | { readonly kind: 'getting-started' };

export interface ReviewSlice {
  /** null: the board (or focused run, or composer) as before. */
  readonly panel: Panel | null;
  readonly mergesByThread: Readonly<Record<string, readonly MergeRecord[]>>;
}

export const initialReviewSlice: ReviewSlice = { panel: null, mergesByThread: {} };

export function setMerges(s: ReviewSlice, threadId: string, merges: readonly MergeRecord[]): ReviewSlice {
  return { ...s, mergesByThread: { ...s.mergesByThread, [threadId]: merges } };
}

/** The run's published (and not undone) merge, if any. */
export function publishedMergeOf(s: ReviewSlice, threadId: string, runId: string): MergeRecord | undefined {
  return s.mergesByThread[threadId]?.find((m) => m.runId === runId && m.state === 'published');
}

/** A run that is on the board: not archived. */
export function isOnBoard(run: Pick<Run, 'archivedAt'>): boolean {
  return run.archivedAt === null;
}

/** A run whose process has ended, so its worktree can be archived or deleted. */
export function isFinished(run: Pick<Run, 'status'>): boolean {
  return run.status !== 'starting' && run.status !== 'running';
}
