// The board's status filter (All / Working / Needs input / Done / Failed, and Stopped when there are
// such runs), each with its count, kept per thread for the session, plus "Group by status". The filter is a radio group: Tab reaches
// the chosen segment, the arrow keys (and Home/End) move and choose, as for any radio group.
import { useRef, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { setBoardFilter, toggleGroupByStatus } from '../../actions/board-actions';
import { useAppState, useServices } from '../../app-services';
import { BUCKET_LABELS, countByBucket, visibleFilters, type BoardFilter } from '../../lib/run-buckets';
import { boardFilterOf } from '../../state/board-view-slice';
import { isOnBoard } from '../../state/review-slice';
import { runsOfThread } from '../../state/runs-slice';
import '../../styles/board.css';

/** Where each key moves the choice, from index i of n segments (wrapping, like native radio buttons). */
const MOVES = new Map<string, (i: number, n: number) => number>([
  ['ArrowRight', (i, n) => (i + 1) % n],
  ['ArrowDown', (i, n) => (i + 1) % n],
  ['ArrowLeft', (i, n) => (i - 1 + n) % n],
  ['ArrowUp', (i, n) => (i - 1 + n) % n],
  ['Home', () => 0],
  ['End', (_i, n) => n - 1],
]);

export function BoardFilterBar({ threadId }: { threadId: string }) {
  const services = useServices();
  const filter = useAppState((s) => boardFilterOf(s, threadId));
  const grouped = useAppState((s) => s.groupByStatus);
  const counts = useAppState(useShallow((s) => countByBucket(runsOfThread(s, threadId).filter(isOnBoard))));
  const groupRef = useRef<HTMLDivElement>(null);
  const filters = visibleFilters(counts, filter);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const move = MOVES.get(event.key);
    if (!move || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const next = filters[move(Math.max(0, filters.indexOf(filter)), filters.length)] ?? 'all';
    setBoardFilter(services, next, threadId);
    groupRef.current?.querySelector<HTMLElement>(`[data-filter="${next}"]`)?.focus();
  };

  return (
    <div className="board-filter-bar">
      <div className="board-filter" role="radiogroup" aria-label="Show runs" data-testid="board-filter" ref={groupRef} onKeyDown={onKeyDown}>
        {filters.map((f: BoardFilter) => {
          const checked = f === filter;
          return (
            <button
              key={f}
              type="button"
              role="radio"
              aria-checked={checked}
              tabIndex={checked ? 0 : -1}
              className={`board-filter-option bucket-${f}`}
              data-testid={`board-filter-${f}`}
              data-filter={f}
              data-count={counts[f]}
              onClick={() => setBoardFilter(services, f, threadId)}
            >
              {f !== 'all' && <span className="bucket-dot" aria-hidden="true" />}
              {BUCKET_LABELS[f]}
              <span className="board-filter-count">{counts[f]}</span>
            </button>
          );
        })}
      </div>
      <button
        type="button"
        className="btn btn-ghost btn-small board-group-toggle"
        data-testid="board-group-toggle"
        aria-pressed={grouped}
        onClick={() => toggleGroupByStatus(services)}
        title="Show one section per status"
      >
        <span className="board-group-check" aria-hidden="true">
          {grouped ? '\u2713' : ''}
        </span>
        Group by status
      </button>
    </div>
  );
}
