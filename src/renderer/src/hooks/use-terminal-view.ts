// A run's terminal view (painted, summary, scroll and search state) from the TerminalRegistry.
import { useCallback, useSyncExternalStore } from 'react';
import { useServices } from '../app-services';
import type { TerminalView } from '../terminals/terminal-views';

export function useTerminalView(runId: string): TerminalView {
  const { terminals } = useServices();
  const subscribe = useCallback((listener: () => void) => terminals.views.subscribe(runId, listener), [terminals, runId]);
  return useSyncExternalStore(subscribe, () => terminals.views.get(runId));
}
