// One run on the board: status (and "merged"), branch, time, diff stats, check badges, a live
// read-only terminal and actions. Focusable; Enter (or double-click, or Focus) opens the large terminal.
import { memo, type KeyboardEvent } from 'react';
import { focusRun } from '../actions/run-actions';
import { useAppState, useServices } from '../app-services';
import { activityLabel, liveActivity } from '../state/agents-slice';
import { publishedMergeOf } from '../state/review-slice';
import { statusLabel, statusTone } from '../state/runs-slice';
import { CheckBadges } from './checks/CheckBadges';
import { DiffStat } from './DiffStat';
import { Elapsed } from './Elapsed';
import { RunTerminal } from './RunTerminal';
import { RunCardActions } from './RunCardActions';
import { StatusBadge } from './StatusBadge';
import { ActivityBadge, ActivityDetail } from './agents/ActivityBadge';
import { ApprovalPrompt } from './agents/ApprovalPrompt';
import { RunUsage } from './agents/RunUsage';
import { RunCost } from './board/RunCost';

export const RunCard = memo(function RunCard({ runId }: { runId: string }) {
  const run = useAppState((s) => s.runsById[runId]);
  const merged = useAppState((s) => (run ? publishedMergeOf(s, run.threadId, runId) !== undefined : false));
  const services = useServices();
  if (!run) return null;
  const open = (): void => focusRun(services, runId);
  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key === 'Enter' && event.target === event.currentTarget) {
      event.preventDefault();
      open();
    }
  };
  const activity = liveActivity(run);
  const label = `Run ${run.index}, ${run.profileName}, ${statusLabel(run)}${activity ? `, ${activityLabel(activity)}` : ''}`;
  return (
    <article
      className={`run-card tone-${statusTone(run)}`}
      data-testid="run-card"
      data-run-id={run.id}
      data-status={run.status}
      data-activity={activity?.state ?? ''}
      data-merged={merged}
      tabIndex={0}
      role="listitem"
      aria-label={label}
      onKeyDown={onKeyDown}
      onDoubleClick={open}
    >
      <header className="run-card-head">
        <span className="run-index">#{run.index}</span>
        <span className="run-profile" title={run.profileName}>
          {run.profileName}
        </span>
        {merged && (
          <span className="merged-badge" data-testid="merged-badge" title="Merged into the base branch">
            merged
          </span>
        )}
        <StatusBadge run={run} />
        <ActivityBadge run={run} />
      </header>
      <code className="run-branch" data-testid="run-branch" title={run.branch}>
        {run.branch}
      </code>
      <div className="run-card-stats">
        <Elapsed run={run} />
        <RunUsage usage={run.usage} />
        <RunCost run={run} />
        <DiffStat diff={run.diff} />
      </div>
      <ActivityDetail run={run} />
      {run.failure && (
        <p className="run-failure" data-testid="run-failure" title={run.failure}>
          {run.failure}
        </p>
      )}
      <ApprovalPrompt run={run} />
      <CheckBadges runId={run.id} />
      <RunTerminal runId={run.id} mode="card" testId="run-terminal" label={`Terminal of run ${run.index}`} />
      <RunCardActions run={run} onFocus={open} />
    </article>
  );
});
