// Sidebar plus the main area, which shows a panel (a run's review, a thread's comparison, the
// trash), the focused run, the selected thread's board, or the composer; and the dialog that
// confirms opening a link printed in a terminal.
import { newThread } from '../actions/thread-actions';
import { useAppState, useServices } from '../app-services';
import { useHotkey } from '../hooks/use-hotkey';
import { Board } from './Board';
import { CompareView } from './compare/CompareView';
import { TrashView } from './lifecycle/TrashView';
import { ReviewPane } from './review/ReviewPane';
import { Composer } from './Composer';
import { FocusedRun } from './FocusedRun';
import { LinkConfirm } from './LinkConfirm';
import { Sidebar } from './Sidebar';

export function MainLayout() {
  const services = useServices();
  const threadId = useAppState((s) => s.selectedThreadId);
  const runId = useAppState((s) => s.focusedRunId);
  const panel = useAppState((s) => s.panel);
  useHotkey({ key: 'n', mod: true }, () => {
    newThread(services);
    // Already composing: the prompt takes the focus again.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="composer-prompt"]')?.focus());
  });

  let content;
  if (panel?.kind === 'review') content = <ReviewPane key={panel.runId} runId={panel.runId} />;
  else if (panel?.kind === 'compare') content = <CompareView key={panel.threadId} threadId={panel.threadId} />;
  else if (panel?.kind === 'trash') content = <TrashView />;
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
