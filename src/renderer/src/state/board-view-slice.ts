// How the user looks at the board and the sidebar for this session: each thread's status filter,
// grouping by status, the thread search, and the branch names the search looks through (from
// `threads.branchNames`, for threads whose runs the window has not loaded).
import type { BoardFilter } from '../lib/run-buckets';
import { runIdsOfThread, type RunsSlice } from './runs-slice';

export interface BoardViewSlice {
  /** Each thread's status filter, kept for the session; a thread not in it shows all runs. */
  readonly boardFilters: Readonly<Record<string, BoardFilter>>;
  /** The board shows one section per status. */
  readonly groupByStatus: boolean;
  /** What the sidebar's search field holds. */
  readonly threadQuery: string;
  /** Bumped to ask the search field to take the keyboard focus (the field watches it). */
  readonly threadSearchFocus: number;
  /** Branch names per thread of one repository, as `threads.branchNames` answered; null until asked. */
  readonly threadBranches: { readonly repoId: string; readonly byThread: Readonly<Record<string, readonly string[]>> } | null;
}

export const initialBoardViewSlice: BoardViewSlice = {
  boardFilters: {},
  groupByStatus: false,
  threadQuery: '',
  threadSearchFocus: 0,
  threadBranches: null,
};

/** The status filter of a thread's board. */
export function boardFilterOf(s: Pick<BoardViewSlice, 'boardFilters'>, threadId: string | null): BoardFilter {
  return (threadId && s.boardFilters[threadId]) || 'all';
}

const NO_BRANCHES: readonly string[] = [];

/** The branch names `threads.branchNames` reported for a thread (none when not asked or another repository). */
export function fetchedBranchesOf(s: Pick<BoardViewSlice, 'threadBranches'>, threadId: string): readonly string[] {
  return s.threadBranches?.byThread[threadId] ?? NO_BRANCHES;
}

/**
 * Every branch name a thread's runs are known to have: the runs this window holds, plus what
 * `threads.branchNames` reported (for threads whose runs were never loaded).
 */
export function threadBranchNames(s: RunsSlice & Pick<BoardViewSlice, 'threadBranches'>, threadId: string): string[] {
  const names = new Set<string>();
  for (const id of runIdsOfThread(s, threadId)) {
    const branch = s.runsById[id]?.branch;
    if (branch) names.add(branch);
  }
  for (const branch of fetchedBranchesOf(s, threadId)) names.add(branch);
  return [...names];
}
