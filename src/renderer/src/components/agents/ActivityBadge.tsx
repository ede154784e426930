// What the agent reports it is doing, next to the process status: working, needs input or done,
// with where that came from in the tooltip. A heuristic guess says so ("needs input?").
// Nothing is shown once the process has ended: a dead process is never working.
import type { Run } from '../../../../shared/contract';
import { useAppState } from '../../app-services';
import { activityLabel, activitySourceLabel, activityTitle, approvalsOf, liveActivity } from '../../state/agents-slice';

const TONES = { working: 'live', 'needs-input': 'attention', done: 'ok' } as const;

export function ActivityBadge({ run }: { run: Pick<Run, 'status' | 'activity'> }) {
  const activity = liveActivity(run);
  if (!activity) return null;
  const label = activityLabel(activity);
  return (
    <span
      className={`activity-badge tone-${TONES[activity.state]}${activity.guess ? ' is-guess' : ''}`}
      data-testid="run-activity"
      data-state={activity.state}
      data-source={activity.source}
      data-guess={activity.guess}
      title={activityTitle(activity)}
    >
      <span className="activity-icon" aria-hidden="true" />
      <span className="visually-hidden">Agent: </span>
      {label}
      {activity.guess && <span className="activity-guess">(guess)</span>}
      <span className="visually-hidden">, from {activitySourceLabel(activity.source)}</span>
    </span>
  );
}

/**
 * The agent's own words about its state (e.g. the question it asks), on one or two lines; left out
 * while an approval prompt below says the same with its buttons.
 */
export function ActivityDetail({ run }: { run: Pick<Run, 'id' | 'status' | 'activity'> }) {
  const prompted = useAppState((s) => approvalsOf(s, run.id).length > 0);
  const activity = liveActivity(run);
  if (!activity?.detail || prompted) return null;
  return (
    <p className={`activity-detail state-${activity.state}`} data-testid="run-activity-detail" title={activity.detail}>
      {activity.detail}
    </p>
  );
}
