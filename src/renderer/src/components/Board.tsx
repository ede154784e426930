// The board of the selected thread: header plus a responsive grid of run cards (archived runs
// leave it for the trash), filtered or grouped by status (board/BoardRuns), navigable with Tab and
// the arrow keys. Loads the thread's check config, merge records and each run's check results.
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { loadChecks, loadChecksConfig } from '../actions/check-actions';
import { loadMerges } from '../actions/merge-actions';
import { useAppState, useServices } from '../app-services';
import { isOnBoard } from '../state/review-slice';
import { runIdsOfThread } from '../state/runs-slice';
import { findThread } from '../state/threads-slice';
import { BoardHeader } from './BoardHeader';
import { BoardRuns } from './board/BoardRuns';

export function Board({ threadId }: { threadId: string }) {
  const thread = useAppState((s) => findThread(s, threadId));
  const allIds = useAppState((s) => runIdsOfThread(s, threadId));
  const runIds = useAppState(
    useShallow((s) =>
      runIdsOfThread(s, threadId).filter((id) => {
        const run = s.runsById[id];
        return run !== undefined && isOnBoard(run);
      }),
    ),
  );
  const services = useServices();
  const { store } = services;
  const gridRef = useRef<HTMLDivElement>(null);
  const hasRuns = runIds.length > 0;
  const idsKey = runIds.join(',');

  // Coming back from the large terminal: the card that was open gets the keyboard focus again.
  useEffect(() => {
    const runId = store.getState().returnFocusRunId;
    if (!runId || !hasRuns) return;
    gridRef.current?.querySelector<HTMLElement>(`[data-run-id="${CSS.escape(runId)}"]`)?.focus();
  }, [store, hasRuns]);

  useEffect(() => {
    void loadChecksConfig(services, threadId);
    void loadMerges(services, threadId);
  }, [services, threadId]);
  useEffect(() => {
    for (const id of idsKey.split(',')) if (id) void loadChecks(services, id);
  }, [services, idsKey]);

  let empty = 'Loading runs\u2026';
  if (!hasRuns && allIds.length > 0) empty = 'Every run of this thread is archived: restore them from the Trash.';
  return (
    <section className="board" aria-label="Board">
      {thread ? <BoardHeader thread={thread} /> : <header className="board-header muted">Loading thread{'\u2026'}</header>}
      {hasRuns ? (
        <BoardRuns threadId={threadId} runIds={runIds} containerRef={gridRef} />
      ) : (
        <p className="empty-state" data-testid="board-empty">
          {empty}
        </p>
      )}
    </section>
  );
}
