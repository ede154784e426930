// Runs by id plus, per thread, the run ids ordered by index. Pure functions only: the store and the
// tests call them the same way. Holds summaries (status, diff, times), never terminal output.
import type { Run, RunStatus } from '../../../shared/contract';

export interface RunsSlice {
  readonly runsById: Readonly<Record<string, Run>>;
  /** Run ids of each thread, ordered by `index` (then id, for a stable order). */
  readonly runIdsByThread: Readonly<Record<string, readonly string[]>>;
}

export const initialRunsSlice: RunsSlice = { runsById: {}, runIdsByThread: {} };

export const RUN_STATUSES: readonly RunStatus[] = ['starting', 'running', 'exited', 'failed', 'interrupted'];

/** A run whose process may still be alive: it can be stopped and typed into. */
export function isActive(status: RunStatus): boolean {
  return status === 'starting' || status === 'running';
}

/**
 * Picks what to keep when a run arrives that the store already knows. A `threads.get` answer can be
 * computed before an event that reaches us first, so an older snapshot must not undo a newer one:
 * an ended run never goes back to active, running never goes back to starting, and a diff is only
 * replaced by a newer one. (Run has no version field to order updates by; see the report.)
 * The one exception: a built-in agent run starts again for a follow-up turn; that snapshot's
 * activity began after the run had ended, which no older snapshot's can.
 */
export function mergeRun(prev: Run | undefined, next: Run): Run {
  if (!prev) return next;
  if (!isActive(prev.status) && isActive(next.status) && !isNewTurn(prev, next)) return prev;
  if (prev.status === 'running' && next.status === 'starting') return prev;
  if (prev.diff && (!next.diff || next.diff.at < prev.diff.at)) return { ...next, diff: prev.diff };
  return next;
}

/** `next` is a later turn of an ended run: it is active with activity reported after `prev` ended. */
function isNewTurn(prev: Run, next: Run): boolean {
  return prev.endedAt !== null && next.activity !== null && next.activity.since > prev.endedAt;
}

function byIndex(runsById: Readonly<Record<string, Run>>) {
  return (a: string, b: string): number => {
    const ra = runsById[a];
    const rb = runsById[b];
    const d = (ra?.index ?? 0) - (rb?.index ?? 0);
    return d !== 0 ? d : a < b ? -1 : a > b ? 1 : 0;
  };
}

/** Adds or updates runs; returns `s` itself when nothing changed, so subscribers are not woken. */
export function upsertRuns(s: RunsSlice, runs: readonly Run[]): RunsSlice {
  let runsById: Record<string, Run> | null = null;
  const touchedThreads = new Set<string>();
  for (const run of runs) {
    const current = (runsById ?? s.runsById)[run.id];
    const merged = mergeRun(current, run);
    if (merged === current) continue;
    runsById ??= { ...s.runsById };
    runsById[run.id] = merged;
    if (!current || current.index !== merged.index || current.threadId !== merged.threadId) touchedThreads.add(run.threadId);
  }
  if (!runsById) return s;
  const byId = runsById;
  let runIdsByThread = s.runIdsByThread;
  if (touchedThreads.size > 0) {
    const next: Record<string, readonly string[]> = { ...s.runIdsByThread };
    for (const threadId of touchedThreads) {
      const ids = new Set(next[threadId] ?? []);
      for (const run of runs) if (run.threadId === threadId) ids.add(run.id);
      next[threadId] = [...ids].sort(byIndex(byId));
    }
    runIdsByThread = next;
  }
  return { runsById: byId, runIdsByThread };
}

export function upsertRun(s: RunsSlice, run: Run): RunsSlice {
  return upsertRuns(s, [run]);
}

const NO_IDS: readonly string[] = [];

export function runIdsOfThread(s: RunsSlice, threadId: string | null): readonly string[] {
  return (threadId && s.runIdsByThread[threadId]) || NO_IDS;
}

export function runsOfThread(s: RunsSlice, threadId: string | null): Run[] {
  return runIdsOfThread(s, threadId).flatMap((id) => s.runsById[id] ?? []);
}

export type StatusCounts = Record<RunStatus, number>;

export function countByStatus(runs: readonly Pick<Run, 'status'>[]): StatusCounts {
  const counts: StatusCounts = { starting: 0, running: 0, exited: 0, failed: 0, interrupted: 0 };
  for (const r of runs) counts[r.status] += 1;
  return counts;
}

/** The label a status badge shows: `exited 0` carries the exit code. */
export function statusLabel(run: Pick<Run, 'status' | 'exitCode' | 'stoppedByUser'>): string {
  if (run.status === 'exited' && run.stoppedByUser) return 'stopped';
  if (run.status === 'exited' && run.exitCode !== null) return `exited ${run.exitCode}`;
  return run.status;
}

/** Status class for styling: a clean exit and a failing one look different. */
export function statusTone(run: Pick<Run, 'status' | 'exitCode' | 'stoppedByUser'>): 'pending' | 'live' | 'ok' | 'bad' | 'muted' {
  switch (run.status) {
    case 'starting':
      return 'pending';
    case 'running':
      return 'live';
    case 'exited':
      if (run.stoppedByUser) return 'muted'; // the user's own choice, not a crash
      return run.exitCode === 0 ? 'ok' : 'bad';
    case 'failed':
      return 'bad';
    case 'interrupted':
      return 'muted';
  }
}
