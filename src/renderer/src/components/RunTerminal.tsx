// The host element of a run's terminal. The xterm instance itself lives in the TerminalRegistry;
// this component only decides when it is mounted (on screen) and unmounted.
import { useEffect, useRef } from 'react';
import { useServices } from '../app-services';
import { useInView } from '../hooks/use-in-view';
import type { TerminalMode } from '../terminals/terminal-registry';

interface Props {
  readonly runId: string;
  readonly mode: TerminalMode;
  readonly testId: string;
  readonly autoFocus?: boolean;
  /** Keys the terminal leaves to the page; pass a stable function. */
  readonly passKey?: (event: KeyboardEvent) => boolean;
  readonly label: string;
}

export function RunTerminal({ runId, mode, testId, autoFocus, passKey, label }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const { terminals } = useServices();
  // Cards off screen drop their terminal (and detach); the focused terminal is always shown.
  const visible = useInView(ref, mode === 'card');
  useEffect(() => {
    const host = ref.current;
    if (!host || !visible) return;
    return terminals.mount(runId, host, { mode, autoFocus, passKey });
  }, [terminals, runId, mode, visible, autoFocus, passKey]);
  return (
    <div
      ref={ref}
      className={`terminal-host terminal-${mode}`}
      data-testid={testId}
      data-run-id={runId}
      role={mode === 'card' ? 'img' : undefined}
      aria-label={label}
    />
  );
}
