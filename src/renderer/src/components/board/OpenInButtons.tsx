// "Open in editor" and "Open terminal": the run's worktree in the user's editor or a new terminal
// window (desktop app). Where the platform cannot (headless mode), the buttons stay visible but
// inert, with the reason read out and shown as their tooltip.
import { useEffect, useId, useState } from 'react';
import type { OpenTarget, Run } from '../../../../shared/contract';
import { openInBlocker, openRunIn } from '../../actions/board-actions';
import { useAppState, useServices } from '../../app-services';

/** How long "Opened in …" stays on the button, in ms: long enough to read, short enough to not linger. */
const OPENED_NOTE_MS = 2500;

const LABELS: Record<OpenTarget, string> = { editor: 'Open in editor', terminal: 'Open terminal' };

function OpenInButton({ run, target }: { run: Pick<Run, 'id' | 'worktreePath' | 'archivedAt'>; target: OpenTarget }) {
  const services = useServices();
  const reasonId = useId();
  const unavailable = useAppState((s) => openInBlocker(s.info, target));
  const [state, setState] = useState<'idle' | 'opening' | { opened: string }>('idle');
  useEffect(() => {
    if (typeof state !== 'object') return;
    const timer = setTimeout(() => setState('idle'), OPENED_NOTE_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const noWorktree = run.archivedAt !== null || !run.worktreePath ? 'This run has no worktree.' : null;
  const reason = unavailable ?? noWorktree;
  const open = async (): Promise<void> => {
    if (reason || state === 'opening') return;
    setState('opening');
    const opened = await openRunIn(services, run.id, target);
    setState(opened ? { opened } : 'idle');
  };
  const label = typeof state === 'object' ? `Opened in ${state.opened}` : state === 'opening' ? 'Opening\u2026' : LABELS[target];
  const hint = target === 'editor' ? 'Open the worktree in your editor ($VISUAL, else VS Code)' : 'Open a terminal window in the worktree';
  return (
    <>
      <button
        type="button"
        className="btn btn-small open-in-button"
        data-testid={`open-in-${target}`}
        data-unavailable={reason !== null}
        aria-disabled={reason !== null || state === 'opening'}
        aria-describedby={reason ? reasonId : undefined}
        title={reason ?? hint}
        onClick={() => void open()}
      >
        <span aria-live="polite">{label}</span>
      </button>
      {reason && (
        <span id={reasonId} className="visually-hidden">
          {reason}
        </span>
      )}
    </>
  );
}

export function OpenInButtons({ run }: { run: Pick<Run, 'id' | 'worktreePath' | 'archivedAt'> }) {
  return (
    <span className="open-in-buttons" role="group" aria-label="Open the worktree">
      <OpenInButton run={run} target="editor" />
      <OpenInButton run={run} target="terminal" />
    </span>
  );
}
