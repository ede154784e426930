// One run in a large terminal that takes the keyboard and drives the PTY size.
// Escape (or the Back button) returns to the board; Ctrl+[ still sends Esc to the agent.
// "Find in terminal" (Ctrl/Cmd+F) opens the search bar over the terminal; Escape then closes the search first.
import { useCallback, useState } from 'react';
import { openReview } from '../actions/panel-actions';
import { backToBoard, refreshDiff } from '../actions/run-actions';
import { useAppState, useServices } from '../app-services';
import { useHotkey } from '../hooks/use-hotkey';
import { isActive } from '../state/runs-slice';
import { useCommandUi, useShortcut } from '../commands/commands-context';
import { BusyButton } from './Busy';
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
import { RunCost } from './board/RunCost';
import { RunLocation } from './board/RunLocation';
import { useFocusedPassKey, useJumpReachesPage } from './agents/use-focused-pass-key';

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
  // Each "Find in terminal" shows the search bar and focuses its field again.
  const findRequests = useCommandUi((s) => s.findRequests);
  const [seenFinds, setSeenFinds] = useState(findRequests);
  if (findRequests !== seenFinds) {
    setSeenFinds(findRequests);
    setSearchToken((n) => (n ?? 0) + 1);
  }
  const findKey = useShortcut('terminal.find');
  const jumpKey = useShortcut('run.nextNeedingInput');

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
              <RunCost run={run} />
              <DiffStat diff={run.diff} />
              <span className="spacer" />
              <BusyButton className="btn btn-small" data-testid="refresh-diff" busy={refreshing} busyLabel={'Refreshing\u2026'} onClick={() => void refresh()}>
                Refresh diff
              </BusyButton>
              <button type="button" className="btn btn-small" data-testid="open-review" onClick={() => openReview(services, runId)} title="Review this run's changes">
                Review
              </button>
              {isActive(run.status) && <StopButton runId={run.id} />}
            </>
          ) : (
            <span className="muted">This run is not loaded.</span>
          )}
        </div>
        {run && <RunLocation run={run} />}
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
        {findKey && (
          <>
            <span aria-hidden="true">{'\u00b7'}</span> <kbd>{findKey.label}</kbd> find
          </>
        )}
        {jumpHint && jumpKey && (
          <>
            {' '}
            <span aria-hidden="true">{'\u00b7'}</span> <kbd>{jumpKey.label}</kbd> next run needing you
          </>
        )}
      </footer>
    </section>
  );
}
