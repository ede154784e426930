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
  /** The tail (at most LIVE_OUTPUT_MAX characters) of each running check's output, by check id, from `checks.output`. */
  readonly checkLiveOutput: Readonly<Record<string, string>>;
}

export const initialChecksSlice: ChecksSlice = { checksByRun: {}, checksConfigByThread: {}, checkLiveOutput: {} };

/** Most characters of live output kept per check (about 256 KB); older text is dropped. */
export const LIVE_OUTPUT_MAX = 256 * 1024;

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

/** Output of a running check arrived (`checks.output`): appended, keeping only the tail. Ignored once the check has finished. */
export function appendCheckOutput(s: ChecksSlice, checkId: string, runId: string, data: string): ChecksSlice {
  if (!data) return s;
  const known = s.checksByRun[runId]?.find((r) => r.id === checkId);
  if (known && known.status !== 'running') return s;
  const prev = s.checkLiveOutput[checkId] ?? '';
  let next = prev + data;
  if (next.length > LIVE_OUTPUT_MAX) next = next.slice(next.length - LIVE_OUTPUT_MAX);
  return { ...s, checkLiveOutput: { ...s.checkLiveOutput, [checkId]: next } };
}

/** `checks.changed`: the result is stored; once it has finished, its live output is dropped (the stored output shows). */
export function checkChanged(s: ChecksSlice, result: CheckResult): ChecksSlice {
  const next = upsertCheck(s, result);
  if (result.status === 'running' || !(result.id in next.checkLiveOutput)) return next;
  const { [result.id]: _dropped, ...rest } = next.checkLiveOutput;
  return { ...next, checkLiveOutput: rest };
}

export function liveOutputOf(s: ChecksSlice, checkId: string): string {
  return s.checkLiveOutput[checkId] ?? '';
}

/** The last non-empty line of a check's live output (for a badge's title), at most 200 characters. */
export function lastLiveLine(s: ChecksSlice, checkId: string): string {
  const tail = (s.checkLiveOutput[checkId] ?? '').slice(-4096).replace(/\s+$/, '');
  const line = tail.slice(tail.search(/[^\r\n]*$/)).trim();
  return line.length > 200 ? `\u2026${line.slice(-199)}` : line;
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
