// The board header's "what do the agents say" counts: needing input, working, done.
import { useShallow } from 'zustand/react/shallow';
import { useAppState } from '../../app-services';
import { ACTIVITY_BUCKETS, bucketLabel, countByActivity } from '../../state/agents-slice';
import { isOnBoard } from '../../state/review-slice';
import { runsOfThread } from '../../state/runs-slice';

export function ActivityCounts({ threadId }: { threadId: string }) {
  const counts = useAppState(useShallow((s) => countByActivity(runsOfThread(s, threadId).filter(isOnBoard))));
  return (
    <span className="activity-counts" data-testid="activity-counts" aria-label="What the agents report">
      {ACTIVITY_BUCKETS.map((bucket) => (
        <span key={bucket} className={`activity-count state-${bucket}${counts[bucket] > 0 ? '' : ' is-zero'}`} data-testid="activity-count" data-state={bucket} data-count={counts[bucket]}>
          <span className="activity-icon" aria-hidden="true" />
          {counts[bucket]} {bucketLabel(bucket, counts[bucket])}
        </span>
      ))}
    </span>
  );
}
