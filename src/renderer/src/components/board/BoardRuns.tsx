// The board's run cards as the filter and grouping say: one grid, or one titled grid per status;
// arrow keys move between the cards of a grid, Tab goes on to the next. When the filter leaves
// nothing, says so with a way back to all runs.
import type { Ref } from 'react';
import { setBoardFilter } from '../../actions/board-actions';
import { useAppState, useServices } from '../../app-services';
import { arrangeRuns, bucketOf, BUCKET_LABELS, type RunBucket } from '../../lib/run-buckets';
import { rovingFocusHandler } from '../../lib/roving-focus';
import { boardFilterOf } from '../../state/board-view-slice';
import { RunCard } from '../RunCard';

const onGridKeyDown = rovingFocusHandler('[data-testid="run-card"]', 'grid');

/** Each run's bucket as one string ("id:bucket,…"), so the board re-renders only when a bucket changes. */
function useBuckets(runIds: readonly string[]): Map<string, RunBucket> {
  const key = useAppState((s) =>
    runIds
      .map((id) => {
        const run = s.runsById[id];
        return run ? `${id}:${bucketOf(run)}` : '';
      })
      .join(','),
  );
  return new Map(key.split(',').filter(Boolean).map((pair) => pair.split(':') as [string, RunBucket]));
}

function Grid({ ids, label }: { ids: readonly string[]; label: string }) {
  return (
    <div className="run-grid" role="list" aria-label={label} onKeyDown={onGridKeyDown}>
      {ids.map((id) => (
        <RunCard key={id} runId={id} />
      ))}
    </div>
  );
}

export function BoardRuns({ threadId, runIds, containerRef }: { threadId: string; runIds: readonly string[]; containerRef: Ref<HTMLDivElement> }) {
  const services = useServices();
  const filter = useAppState((s) => boardFilterOf(s, threadId));
  const group = useAppState((s) => s.groupByStatus);
  const buckets = useBuckets(runIds);
  const arranged = arrangeRuns(runIds, (id) => buckets.get(id) ?? 'working', filter, group);
  const shown = arranged.grouped ? arranged.groups.length : arranged.items.length;

  return (
    <div className="board-runs" ref={containerRef} data-grouped={arranged.grouped}>
      {shown === 0 ? (
        <p className="empty-state board-filter-empty" data-testid="board-filter-empty">
          No {BUCKET_LABELS[filter].toLowerCase()} runs in this thread.{' '}
          <button type="button" className="btn btn-small" onClick={() => setBoardFilter(services, 'all', threadId)}>
            Show all runs
          </button>
        </p>
      ) : arranged.grouped ? (
        arranged.groups.map((g) => (
          <section key={g.bucket} className={`run-group bucket-${g.bucket}`} data-testid="run-group" data-bucket={g.bucket} aria-labelledby={`run-group-${g.bucket}`}>
            <h2 className="run-group-title" id={`run-group-${g.bucket}`}>
              <span className="bucket-dot" aria-hidden="true" />
              {BUCKET_LABELS[g.bucket]} <span className="run-group-count">{g.items.length}</span>
            </h2>
            <Grid ids={g.items} label={`${BUCKET_LABELS[g.bucket]} runs`} />
          </section>
        ))
      ) : (
        <Grid ids={arranged.items} label="Runs" />
      )}
    </div>
  );
}
