// The board of the selected thread: header plus a responsive grid of run cards, navigable with
// Tab and the arrow keys.
import { useEffect, useRef } from 'react';
import { useAppState, useServices } from '../app-services';
import { rovingFocusHandler } from '../lib/roving-focus';
import { runIdsOfThread } from '../state/runs-slice';
import { findThread } from '../state/threads-slice';
import { BoardHeader } from './BoardHeader';
import { RunCard } from './RunCard';

const onGridKeyDown = rovingFocusHandler('[data-testid="run-card"]', 'grid');

export function Board({ threadId }: { threadId: string }) {
  const thread = useAppState((s) => findThread(s, threadId));
  const runIds = useAppState((s) => runIdsOfThread(s, threadId));
  const { store } = useServices();
  const gridRef = useRef<HTMLDivElement>(null);
  const hasRuns = runIds.length > 0;

  // Coming back from the large terminal: the card that was open gets the keyboard focus again.
  useEffect(() => {
    const runId = store.getState().returnFocusRunId;
    if (!runId || !hasRuns) return;
    gridRef.current?.querySelector<HTMLElement>(`[data-run-id="${CSS.escape(runId)}"]`)?.focus();
  }, [store, hasRuns]);

  return (
    <section className="board" aria-label="Board">
      {thread ? <BoardHeader thread={thread} /> : <header className="board-header muted">Loading thread{'\u2026'}</header>}
      {hasRuns ? (
        <div className="run-grid" role="list" aria-label="Runs" ref={gridRef} onKeyDown={onGridKeyDown}>
          {runIds.map((id) => (
            <RunCard key={id} runId={id} />
          ))}
        </div>
      ) : (
        <p className="empty-state">Loading runs{'\u2026'}</p>
      )}
    </section>
  );
}
