// What React may know about each run's terminal, kept outside the app store because it changes
// with the terminal, not with the core: whether a live xterm shows it, the summary kept when its
// xterm is gone, scroll state, and search results. Small values only, never terminal bytes.
// Components read it with useSyncExternalStore (hooks/use-terminal-view.ts).

export interface TerminalView {
  /** A live xterm shows the run in a host and has painted its replay. */
  readonly painted: boolean;
  /** The last non-empty line the run's terminal showed when its xterm was disposed (null: none yet). */
  readonly lastLine: string | null;
  /** The viewport is scrolled up from the bottom (auto-scroll is paused). */
  readonly scrolledUp: boolean;
  /** Output arrived while scrolled up. */
  readonly newOutput: boolean;
  /** The active match (from 0) and the number of matches of the current search; null: no search. */
  readonly search: { readonly index: number; readonly count: number } | null;
}

export const EMPTY_VIEW: TerminalView = { painted: false, lastLine: null, scrolledUp: false, newOutput: false, search: null };

export class TerminalViews {
  private readonly views = new Map<string, TerminalView>();
  private readonly listeners = new Map<string, Set<() => void>>();

  get(runId: string): TerminalView {
    return this.views.get(runId) ?? EMPTY_VIEW;
  }

  /** Applies `patch`; listeners run only when a field really changed. */
  update(runId: string, patch: Partial<TerminalView>): void {
    const prev = this.get(runId);
    const changed = (Object.keys(patch) as (keyof TerminalView)[]).some((k) => !sameValue(prev[k], patch[k]));
    if (!changed) return;
    this.views.set(runId, { ...prev, ...patch });
    this.listeners.get(runId)?.forEach((l) => l());
  }

  subscribe(runId: string, listener: () => void): () => void {
    const set = this.listeners.get(runId) ?? new Set();
    this.listeners.set(runId, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(runId);
    };
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
  }
  return false;
}

/** One value that React subscribes to (e.g. the link waiting for the user's confirmation). */
export class Signal<T> {
  private readonly listeners = new Set<() => void>();
  constructor(private current: T) {}

  get = (): T => this.current;

  set(value: T): void {
    if (Object.is(value, this.current)) return;
    this.current = value;
    this.listeners.forEach((l) => l());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
