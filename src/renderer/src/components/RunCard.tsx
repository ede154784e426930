// One run on the board: status, branch, time, diff stats, a live read-only terminal and actions.
// Focusable; Enter (or double-click, or the Focus button) opens the large terminal.
import { memo, type KeyboardEvent } from 'react';
import { focusRun } from '../actions/run-actions';
import { useAppState, useServices } from '../app-services';
import { isActive, statusLabel, statusTone } from '../state/runs-slice';
import { DiffStat } from './DiffStat';
import { Elapsed } from './Elapsed';
import { RunTerminal } from './RunTerminal';
import { StatusBadge } from './StatusBadge';
import { StopButton } from './StopButton';

export const RunCard = memo(function RunCard({ runId }: { runId: string }) {
  const run = useAppState((s) => s.runsById[runId]);
  const services = useServices();
  if (!run) return null;
  const open = (): void => focusRun(services, runId);
  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key === 'Enter' && event.target === event.currentTarget) {
      event.preventDefault();
      open();
    }
  };
  const label = `Run ${run.index}, ${run.profileName}, ${statusLabel(run)}`;
  return (
    <article
      className={`run-card tone-${statusTone(run)}`}
      data-testid="run-card"
      data-run-id={run.id}
      data-status={run.status}
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
        <StatusBadge run={run} />
      </header>
      <code className="run-branch" data-testid="run-branch" title={run.branch}>
        {run.branch}
      </code>
      <div className="run-card-stats">
        <Elapsed run={run} />
        <DiffStat diff={run.diff} />
      </div>
      {run.failure && (
        <p className="run-failure" data-testid="run-failure" title={run.failure}>
          {run.failure}
        </p>
      )}
      <RunTerminal runId={run.id} mode="card" testId="run-terminal" label={`Terminal of run ${run.index}`} />
      <footer className="run-card-actions">
        <button type="button" className="btn btn-small" data-testid="focus-run" onClick={open} title="Open the terminal (Enter)">
          Focus
        </button>
        {isActive(run.status) && <StopButton runId={run.id} />}
      </footer>
    </article>
  );
});
