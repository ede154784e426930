// The thread list of the open repository, newest first, and which thread is selected.
// Pure functions over the slice; threads of other repositories are ignored.
import type { Thread } from '../../../shared/contract';

export interface ThreadsSlice {
  /** Threads of `threadsRepoId`, newest first. */
  readonly threads: readonly Thread[];
  readonly threadsRepoId: string | null;
  /** Whether `threads.list` has answered for `threadsRepoId`. */
  readonly threadsLoaded: boolean;
}

export const initialThreadsSlice: ThreadsSlice = { threads: [], threadsRepoId: null, threadsLoaded: false };

export function compareNewestFirst(a: Thread, b: Thread): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Starts a new list for a repository (empty until `setThreads`). */
export function resetThreads(repoId: string | null): ThreadsSlice {
  return { threads: [], threadsRepoId: repoId, threadsLoaded: false };
}

/** Replaces the list with `threads.list`'s answer, keeping any thread an event added meanwhile. */
export function setThreads(s: ThreadsSlice, repoId: string, threads: readonly Thread[]): ThreadsSlice {
  if (s.threadsRepoId !== repoId) return s;
  const byId = new Map(s.threads.map((t) => [t.id as string, t]));
  for (const t of threads) if (t.repoId === repoId) byId.set(t.id, t);
  return { ...s, threads: [...byId.values()].sort(compareNewestFirst), threadsLoaded: true };
}

export function upsertThread(s: ThreadsSlice, thread: Thread): ThreadsSlice {
  if (thread.repoId !== s.threadsRepoId) return s;
  const i = s.threads.findIndex((t) => t.id === thread.id);
  if (i >= 0 && s.threads[i] === thread) return s;
  const rest = i >= 0 ? s.threads.filter((_, j) => j !== i) : s.threads;
  return { ...s, threads: [...rest, thread].sort(compareNewestFirst) };
}

export function findThread(s: ThreadsSlice, threadId: string | null): Thread | undefined {
  return threadId ? s.threads.find((t) => t.id === threadId) : undefined;
}
