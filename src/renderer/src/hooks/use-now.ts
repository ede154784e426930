// A shared clock: every component asking for the time at the same period re-renders on one timer.
import { useSyncExternalStore } from 'react';

interface Clock {
  now: number;
  readonly listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
}

const clocks = new Map<number, Clock>();

function clockFor(periodMs: number): Clock {
  let clock = clocks.get(periodMs);
  if (!clock) {
    clock = { now: Date.now(), listeners: new Set(), timer: undefined };
    clocks.set(periodMs, clock);
  }
  return clock;
}

function subscribe(periodMs: number, listener: () => void): () => void {
  const clock = clockFor(periodMs);
  clock.listeners.add(listener);
  if (!clock.timer) {
    clock.now = Date.now();
    clock.timer = setInterval(() => {
      clock.now = Date.now();
      for (const l of clock.listeners) l();
    }, periodMs);
  }
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0) {
      clearInterval(clock.timer);
      clock.timer = undefined;
    }
  };
}

/** The current time in ms, updated every `periodMs` while the component is mounted. */
export function useNow(periodMs: number): number {
  return useSyncExternalStore(
    (listener) => subscribe(periodMs, listener),
    () => clockFor(periodMs).now,
  );
}
