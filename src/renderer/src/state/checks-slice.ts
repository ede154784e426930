// Check results per run: the latest result of each configured check (by name), as `checks.list`
// answers and `checks.changed` events update it, and each thread's .switchyard.json summary.
// Pure functions over the slice.
import type { CheckResult } from '../../../shared/contract';

export interface ChecksConfig {
  readonly checks: readonly string[];
  readonly setup: readonly string[];
  /** Why the config could not be used (no file, bad JSON, …); null when it is fine. */
  readonly error: string | null;
}

export interface ChecksSlice {
  /** Latest result per check name, sorted by name. */
  readonly checksByRun: Readonly<Record<string, readonly CheckResult[]>>;
  readonly checksConfigByThread: Readonly<Record<string, ChecksConfig>>;
}

export const initialChecksSlice: ChecksSlice = { checksByRun: {}, checksConfigByThread: {} };

const NO_CHECKS: readonly CheckResult[] = [];

/** Whether `a` is a later result than `b` of the same check. */
function isNewer(a: CheckResult, b: CheckResult): boolean {
  if (a.id === b.id) return (a.finishedAt ?? 0) >= (b.finishedAt ?? 0);
  return a.startedAt >= b.startedAt;
}

/** Keeps the newest result of each check name, sorted by name. */
export function latestPerCheck(results: readonly CheckResult[]): CheckResult[] {
  const byName = new Map<string, CheckResult>();
  for (const r of results) {
    const prev = byName.get(r.name);
    if (!prev || isNewer(r, prev)) byName.set(r.name, r);
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `checks.list` answered for a run (newest first); events that arrived meanwhile are kept if newer. */
export function setRunChecks(s: ChecksSlice, runId: string, results: readonly CheckResult[]): ChecksSlice {
  const merged = latestPerCheck([...results, ...(s.checksByRun[runId] ?? [])]);
  return { ...s, checksByRun: { ...s.checksByRun, [runId]: merged } };
}

/** A check started or finished (`checks.changed`). */
export function upsertCheck(s: ChecksSlice, result: CheckResult): ChecksSlice {
  const current = s.checksByRun[result.runId] ?? NO_CHECKS;
  const prev = current.find((r) => r.name === result.name);
  if (prev && (prev === result || !isNewer(result, prev))) return s;
  return { ...s, checksByRun: { ...s.checksByRun, [result.runId]: latestPerCheck([...current.filter((r) => r !== prev), result]) } };
}

export function checksOfRun(s: ChecksSlice, runId: string): readonly CheckResult[] {
  return s.checksByRun[runId] ?? NO_CHECKS;
}

export function setChecksConfig(s: ChecksSlice, threadId: string, config: ChecksConfig): ChecksSlice {
  return { ...s, checksConfigByThread: { ...s.checksConfigByThread, [threadId]: config } };
}

export type CheckTone = 'live' | 'ok' | 'bad' | 'muted';

export function checkTone(status: CheckResult['status']): CheckTone {
  switch (status) {
    case 'running':
      return 'live';
    case 'passed':
      return 'ok';
    case 'failed':
    case 'timed-out':
    case 'error':
      return 'bad';
    case 'cancelled':
    case 'interrupted':
      return 'muted';
  }
}

/** The one-line hint shown when a thread's repository has no usable checks, or null. */
export function checksHint(config: ChecksConfig | undefined): string | null {
  if (!config) return null;
  if (config.error) return `Checks unavailable: ${config.error} Add a .switchyard.json with {"checks": {"test": "npm test"}} to the base branch.`;
  if (config.checks.length === 0) return 'No checks configured: add a .switchyard.json with {"checks": {"test": "npm test"}} to the base branch.';
  return null;
}
