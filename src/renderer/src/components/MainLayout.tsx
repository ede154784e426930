// Sidebar plus the main area, which shows a panel (a run's review, a thread's comparison, the
// trash, getting started), the focused run, the selected thread's board, or the composer; and the dialog that
// confirms opening a link printed in a terminal.
import { useAppState } from '../app-services';
import { Board } from './Board';
import { CompareView } from './compare/CompareView';
import { TrashView } from './lifecycle/TrashView';
import { GettingStarted } from './first-run/GettingStarted';
import { ReviewPane } from './review/ReviewPane';
import { Composer } from './Composer';
import { FocusedRun } from './FocusedRun';
import { LinkConfirm } from './LinkConfirm';
import { Sidebar } from './Sidebar';

export function MainLayout() {
  const threadId = useAppState((s) => s.selectedThreadId);
  const runId = useAppState((s) => s.focusedRunId);
  const panel = useAppState((s) => s.panel);

  let content;
  if (panel?.kind === 'review') content = <ReviewPane key={panel.runId} runId={panel.runId} />;
  else if (panel?.kind === 'compare') content = <CompareView key={panel.threadId} threadId={panel.threadId} />;
  else if (panel?.kind === 'trash') content = <TrashView />;
  else if (panel?.kind === 'getting-started') content = <GettingStarted />;
  else if (runId) content = <FocusedRun key={runId} runId={runId} />;
  else if (threadId) content = <Board key={threadId} threadId={threadId} />;
  else content = <Composer />;

  return (
    <div className="layout">
      <Sidebar />
      <main className="main">{content}</main>
      <LinkConfirm />
    </div>
  );
}
