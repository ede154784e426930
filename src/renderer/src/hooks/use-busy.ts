// One slow action at a time for a component (re-check, resume, archive…): `busy` while it is under
// way (a second start is ignored, not queued), and the failure as a message to show until the next
// start. Pairs with <Busy/> and <BusyButton/> (components/Busy.tsx).
import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../lib/errors';

export interface BusyState {
  readonly busy: boolean;
  /** Why the last action failed; null when it worked (or has not run). */
  readonly error: string | null;
  /** Runs `action` unless one is already running; resolves with its result, or undefined when it failed or was ignored. */
  run<T>(action: () => Promise<T>): Promise<T | undefined>;
}

export function useBusy(): BusyState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (err) {
      setError(errorMessage(err));
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
