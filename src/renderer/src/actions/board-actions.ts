// The board's and the sidebar's view actions (status filter, grouping, thread search) and the run
// conveniences (open the worktree in an editor or a terminal, copy its branch or path). Plain
// functions of the store and client, so the command palette can bind them as commands too.
import type { AppInfo, OpenTarget } from '../../../shared/contract';
import type { BoardFilter } from '../lib/run-buckets';
import { reportError, type ActionContext } from './context';

type StoreOnly = Pick<ActionContext, 'store'>;

/** Sets the status filter of a thread's board (by default the selected thread's). */
export function setBoardFilter(ctx: StoreOnly, filter: BoardFilter, threadId: string | null = ctx.store.getState().selectedThreadId): void {
  if (!threadId) return;
  ctx.store.setState((s) => ({ boardFilters: { ...s.boardFilters, [threadId]: filter } }));
}

export function setGroupByStatus(ctx: StoreOnly, on: boolean): void {
  ctx.store.setState({ groupByStatus: on });
}

export function toggleGroupByStatus(ctx: StoreOnly): void {
  ctx.store.setState((s) => ({ groupByStatus: !s.groupByStatus }));
}

/** Asks the sidebar's search field to take the keyboard focus. */
export function focusThreadSearch(ctx: StoreOnly): void {
  ctx.store.setState((s) => ({ threadSearchFocus: s.threadSearchFocus + 1 }));
}

/** Sets the thread search; the first search in a repository also fetches every thread's branch names. */
export function setThreadQuery(ctx: ActionContext, query: string): void {
  ctx.store.setState({ threadQuery: query });
  const s = ctx.store.getState();
  const repoId = s.currentRepo?.id;
  if (query.trim() && repoId && s.threadBranches?.repoId !== repoId) void loadThreadBranches(ctx, repoId);
}

export function clearThreadQuery(ctx: StoreOnly): void {
  ctx.store.setState({ threadQuery: '' });
}

export async function loadThreadBranches(ctx: ActionContext, repoId: string): Promise<void> {
  // Marked as asked at once, so typing does not ask again while the answer is on its way.
  ctx.store.setState({ threadBranches: { repoId, byThread: {} } });
  try {
    const list = await ctx.client.call('threads.branchNames', { repoId });
    const byThread = Object.fromEntries(list.map((t) => [t.threadId, t.branches]));
    ctx.store.setState((s) => (s.threadBranches?.repoId === repoId ? { threadBranches: { repoId, byThread } } : {}));
  } catch (err) {
    ctx.store.setState((s) => (s.threadBranches?.repoId === repoId ? { threadBranches: null } : {}));
    reportError(ctx, err, 'Could not load the branch names for the search');
  }
}

/** Opens the run's worktree in the editor or a terminal; resolves with what opened, or null (the toast says why). */
export async function openRunIn(ctx: ActionContext, runId: string, target: OpenTarget): Promise<string | null> {
  try {
    const { opened } = await ctx.client.call('runs.openIn', { runId, target });
    return opened;
  } catch (err) {
    reportError(ctx, err, target === 'editor' ? 'Could not open an editor' : 'Could not open a terminal');
    return null;
  }
}

/** Why "open in" cannot work with this core, in one sentence; null when it can. Pure. */
export function openInBlocker(info: AppInfo | null, target: OpenTarget): string | null {
  if (!info) return 'Checking what this window can open\u2026';
  if (target === 'editor' ? info.canOpenInEditor : info.canOpenTerminal) return null;
  return `${target === 'editor' ? 'Opening an editor' : 'Opening a terminal'} works only in the desktop app; copy the worktree path instead.`;
}

/** Why "open in" cannot work in this window, in one sentence; null when it can. */
export function openInUnavailable(ctx: StoreOnly, target: OpenTarget): string | null {
  return openInBlocker(ctx.store.getState().info, target);
}

/** Copies a run's branch name or worktree path to the clipboard; resolves whether it worked (a failure is reported). */
export async function copyRunField(ctx: StoreOnly, runId: string, field: 'branch' | 'worktreePath'): Promise<boolean> {
  const run = ctx.store.getState().runsById[runId];
  if (!run || !run[field]) return false;
  try {
    await navigator.clipboard.writeText(run[field]);
    return true;
  } catch (err) {
    reportError(ctx, err, 'Could not copy to the clipboard');
    return false;
  }
}
