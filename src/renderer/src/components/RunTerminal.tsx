// The host of a run's terminal. The xterm instance itself lives in the TerminalRegistry; this
// component only decides when it is shown (on screen) and hands over an element React never fills.
// Around it: a card's summary line while no live terminal has painted, and the focused view's
// "new output" button and overlays (the search bar, as children).
import { useEffect, useRef, type ReactNode } from 'react';
import { useServices } from '../app-services';
import { useInView } from '../hooks/use-in-view';
import { useTerminalView } from '../hooks/use-terminal-view';
import type { TerminalMode } from '../terminals/terminal-registry';
import '../styles/terminal-cards.css';

interface Props {
  readonly runId: string;
  readonly mode: TerminalMode;
  readonly testId: string;
  readonly autoFocus?: boolean;
  /** Keys the terminal leaves to the page; pass a stable function. */
  readonly passKey?: (event: KeyboardEvent) => boolean;
  readonly label: string;
  readonly children?: ReactNode;
}

export function RunTerminal({ runId, mode, testId, autoFocus, passKey, label, children }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const mountRef = useRef<HTMLDivElement>(null);
  const { terminals } = useServices();
  const view = useTerminalView(runId);
  // Cards off screen hide their terminal (the registry keeps a few alive); the focused one is always shown.
  const visible = useInView(hostRef, mode === 'card');
  useEffect(() => {
    const mount = mountRef.current;
    if (!mount || !visible) return;
    return terminals.mount(runId, mount, { mode, autoFocus, passKey });
  }, [terminals, runId, mode, visible, autoFocus, passKey]);
  const jumpToBottom = (): void => {
    terminals.scrollToBottom(runId);
    terminals.focus(runId);
  };
  return (
    <div
      ref={hostRef}
      className={`terminal-host terminal-${mode}`}
      data-testid={testId}
      data-run-id={runId}
      data-painted={view.painted}
      role={mode === 'card' ? 'img' : undefined}
      aria-label={label}
    >
      <div ref={mountRef} className="terminal-mount" />
      {mode === 'card' && !view.painted && view.lastLine && (
        <p className="terminal-summary" data-testid="run-summary" title={view.lastLine}>
          {view.lastLine}
        </p>
      )}
      {mode === 'focus' && view.newOutput && (
        <button type="button" className="btn btn-small jump-to-bottom" data-testid="jump-to-bottom" onClick={jumpToBottom}>
          {'\u2193'} New output
        </button>
      )}
      {children}
    </div>
  );
}
