// One run in a large terminal that takes the keyboard and drives the PTY size.
// Escape (or the Back button) returns to the board; Ctrl+[ still sends Esc to the agent.
import { useCallback, useState } from 'react';
import { backToBoard, refreshDiff } from '../actions/run-actions';
import { useAppState, useServices } from '../app-services';
import { useHotkey } from '../hooks/use-hotkey';
import { isActive } from '../state/runs-slice';
import { CopyButton } from './CopyButton';
import { DiffStat } from './DiffStat';
import { Elapsed } from './Elapsed';
import { RunTerminal } from './RunTerminal';
import { StatusBadge } from './StatusBadge';
import { StopButton } from './StopButton';

/** Plain Escape goes to the page (back to the board), not to the PTY. */
const passEscape = (e: KeyboardEvent): boolean =>
  e.key === 'Escape' && !e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey;

export function FocusedRun({ runId }: { runId: string }) {
  const run = useAppState((s) => s.runsById[runId]);
  const services = useServices();
  const [refreshing, setRefreshing] = useState(false);
  const back = useCallback(() => backToBoard(services), [services]);
  useHotkey({ key: 'Escape' }, back);

  const refresh = async (): Promise<void> => {
    setRefreshing(true);
    await refreshDiff(services, runId);
    setRefreshing(false);
  };

  return (
    <section className="focused" aria-label={run ? `Run ${run.index}, ${run.profileName}` : 'Run'}>
      <header className="focused-head">
        <div className="focused-row">
          <button type="button" className="btn btn-ghost btn-small" data-testid="back-to-board" onClick={back} title="Back to the board (Esc)">
            {'\u2190'} Board
          </button>
          {run ? (
            <>
              <span className="run-index">#{run.index}</span>
              <span className="run-profile">{run.profileName}</span>
              <StatusBadge run={run} />
              <Elapsed run={run} />
              <DiffStat diff={run.diff} />
              <span className="spacer" />
              <button type="button" className="btn btn-small" data-testid="refresh-diff" disabled={refreshing} onClick={() => void refresh()}>
                {refreshing ? 'Refreshing\u2026' : 'Refresh diff'}
              </button>
              {isActive(run.status) && <StopButton runId={run.id} />}
            </>
          ) : (
            <span className="muted">This run is not loaded.</span>
          )}
        </div>
        {run && (
          <div className="focused-row secondary">
            <span>branch</span>
            <code className="run-branch" title={run.branch}>
              {run.branch}
            </code>
            <span>in</span>
            <code className="focused-path" title={run.worktreePath}>
              {run.worktreePath}
            </code>
            <CopyButton text={run.worktreePath} label="Copy worktree path" />
          </div>
        )}
      </header>
      {run?.failure && (
        <p className="run-failure focused-failure" data-testid="run-failure">
          {run.failure}
        </p>
      )}
      <RunTerminal runId={runId} mode="focus" testId="focused-terminal" autoFocus passKey={passEscape} label={`Terminal of run ${run?.index ?? ''}`} />
      <footer className="focused-hint">
        <kbd>Esc</kbd> back to the board <span aria-hidden="true">{'\u00b7'}</span> <kbd>Ctrl</kbd>+<kbd>[</kbd> sends Esc to the agent
      </footer>
    </section>
  );
}
