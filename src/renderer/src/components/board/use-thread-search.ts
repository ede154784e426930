// The sidebar's search as hooks: the query's words and the threads that match them, and one
// thread's branch names for its match line. Selectors return strings, so nothing re-renders
// unless the outcome changes.
import { useMemo } from 'react';
import type { Thread } from '../../../../shared/contract';
import { useAppState } from '../../app-services';
import { filterThreads, searchTerms } from '../../lib/thread-search';
import { threadBranchNames } from '../../state/board-view-slice';

const NO_TERMS: readonly string[] = [];

/** The search words (empty when not searching) and the threads to show, in their order. */
export function useThreadFilter(threads: readonly Thread[]): { query: string; terms: readonly string[]; shown: readonly Thread[] } {
  const query = useAppState((s) => s.threadQuery);
  const terms = useMemo(() => (query.trim() ? searchTerms(query) : NO_TERMS), [query]);
  const matchedKey = useAppState((s) =>
    terms.length === 0
      ? ''
      : filterThreads(s.threads, (t) => threadBranchNames(s, t.id), terms)
          .map((t) => t.id)
          .join(','),
  );
  const shown = useMemo(() => {
    if (terms.length === 0) return threads;
    const ids = new Set(matchedKey.split(','));
    return threads.filter((t) => ids.has(t.id));
  }, [threads, terms, matchedKey]);
  return { query, terms, shown };
}

/** A thread's branch names while a search is on (none otherwise, at no cost). */
export function useThreadBranches(threadId: string, searching: boolean): readonly string[] {
  const key = useAppState((s) => (searching ? threadBranchNames(s, threadId).join('\n') : ''));
  return useMemo(() => (key ? key.split('\n') : []), [key]);
}
