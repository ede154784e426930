// One run in a large terminal that takes the keyboard and drives the PTY size.
// Escape (or the Back button) returns to the board; Ctrl+[ still sends Esc to the agent.
// Ctrl/Cmd+F opens the search bar over the terminal; Escape then closes the search first.
import { useCallback, useEffect, useState } from 'react';
import { openReview } from '../actions/panel-actions';
import { backToBoard, refreshDiff } from '../actions/run-actions';
import { useAppState, useServices } from '../app-services';
import { useHotkey } from '../hooks/use-hotkey';
import { isActive } from '../state/runs-slice';
import { IS_MAC, terminalKeyAction } from '../terminals/terminal-keys';
import { CopyButton } from './CopyButton';
import { DiffStat } from './DiffStat';
import { Elapsed } from './Elapsed';
import { RunTerminal } from './RunTerminal';
import { StatusBadge } from './StatusBadge';
import { StopButton } from './StopButton';
import { TerminalSearch } from './TerminalSearch';
import { ActivityBadge, ActivityDetail } from './agents/ActivityBadge';
import { ApprovalPrompt } from './agents/ApprovalPrompt';
import { FollowUpBar } from './agents/FollowUpBar';
import { RunUsage } from './agents/RunUsage';
import { useFocusedPassKey, useJumpReachesPage } from './agents/use-focused-pass-key';

/** The modifier of the find shortcut, as the hint shows it. */
const MOD = IS_MAC ? '\u2318' : 'Ctrl';

/** Plain Escape goes to the page (back to the board), not to the PTY. */
const passEscape = (e: KeyboardEvent): boolean =>
  e.key === 'Escape' && !e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey;

export function FocusedRun({ runId }: { runId: string }) {
  const run = useAppState((s) => s.runsById[runId]);
  const services = useServices();
  const [refreshing, setRefreshing] = useState(false);
  const passKey = useFocusedPassKey(runId, passEscape);
  const jumpHint = useJumpReachesPage(runId);
  // null: no search bar; a number: shown, and each Ctrl/Cmd+F bumps it to focus the field again.
  const [searchToken, setSearchToken] = useState<number | null>(null);
  const closeSearch = useCallback(() => {
    setSearchToken(null);
    services.terminals.focus(runId);
  }, [services, runId]);
  useHotkey({ key: 'Escape' }, () => (searchToken === null ? backToBoard(services) : closeSearch()));
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || terminalKeyAction(event) !== 'find') return;
      event.preventDefault(); // not the browser's find-in-page
      setSearchToken((n) => (n ?? 0) + 1);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const refresh = async (): Promise<void> => {
    setRefreshing(true);
    await refreshDiff(services, runId);
    setRefreshing(false);
  };

  return (
    <section className="focused" aria-label={run ? `Run ${run.index}, ${run.profileName}` : 'Run'}>
      <header className="focused-head">
        <div className="focused-row">
          <button type="button" className="btn btn-ghost btn-small" data-testid="back-to-board" onClick={() => backToBoard(services)} title="Back to the board (Esc)">
            {'\u2190'} Board
          </button>
          {run ? (
            <>
              <span className="run-index">#{run.index}</span>
              <span className="run-profile">{run.profileName}</span>
              <StatusBadge run={run} />
              <ActivityBadge run={run} />
              <Elapsed run={run} />
              <RunUsage usage={run.usage} />
              <DiffStat diff={run.diff} />
              <span className="spacer" />
              <button type="button" className="btn btn-small" data-testid="refresh-diff" disabled={refreshing} onClick={() => void refresh()}>
                {refreshing ? 'Refreshing\u2026' : 'Refresh diff'}
              </button>
              <button type="button" className="btn btn-small" data-testid="open-review" onClick={() => openReview(services, runId)} title="Review this run's changes">
                Review
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
      {run && <ActivityDetail run={run} />}
      {run && <ApprovalPrompt run={run} />}
      <RunTerminal runId={runId} mode="focus" testId="focused-terminal" autoFocus passKey={passKey} label={`Terminal of run ${run?.index ?? ''}`}>
        {searchToken !== null && <TerminalSearch runId={runId} focusToken={searchToken} onClose={closeSearch} />}
      </RunTerminal>
      {run && <FollowUpBar key={run.id} run={run} />}
      <footer className="focused-hint">
        <kbd>Esc</kbd> back to the board <span aria-hidden="true">{'\u00b7'}</span> <kbd>Ctrl</kbd>+<kbd>[</kbd> sends Esc to the agent{' '}
        <span aria-hidden="true">{'\u00b7'}</span> <kbd>{MOD}</kbd>+<kbd>F</kbd> find
        {jumpHint && (
          <>
            {' '}
            <span aria-hidden="true">{'\u00b7'}</span> <kbd>{MOD}</kbd>+<kbd>J</kbd> next run needing you
          </>
        )}
      </footer>
    </section>
  );
}
