// Small text formatters shared by the commands: a run's status in words, its elapsed time, its +/-,
// and a plain column layout (no colours, so the output reads the same in a pipe or a log).
import type { CheckResult, Run } from '../shared/contract';

export function isFinished(run: Run): boolean {
  return run.status === 'exited' || run.status === 'failed' || run.status === 'interrupted';
}

/** A run that counts as a success: it exited by itself with code 0. */
export function succeeded(run: Run): boolean {
  return run.status === 'exited' && run.exitCode === 0 && !run.stoppedByUser;
}

/** `running`, `running · needs input`, `exited 0`, `stopped`, `failed: <why>`, `interrupted`, `archived`. */
export function statusText(run: Run): string {
  const archived = run.archivedAt !== null ? ' (archived)' : '';
  switch (run.status) {
    case 'starting':
      return 'starting';
    case 'running': {
      const a = run.activity;
      if (!a) return 'running';
      const state = a.state === 'needs-input' ? 'needs input' : a.state;
      return `running · ${state}${a.guess ? '?' : ''}`;
    }
    case 'exited':
      return (run.stoppedByUser ? 'stopped' : `exited ${run.exitCode ?? '?'}`) + archived;
    case 'failed':
      return `failed${run.failure ? `: ${run.failure}` : ''}${archived}`;
    case 'interrupted':
      return `interrupted${archived}`;
  }
}

/** m:ss, or h:mm:ss from an hour on. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function runElapsed(run: Run, now: number): string {
  const start = run.startedAt ?? run.createdAt;
  return formatElapsed((run.endedAt ?? now) - start);
}

/** `+12 -3` against the merge-base, or empty while not computed. */
export function diffText(run: Run): string {
  return run.diff ? `+${run.diff.added} -${run.diff.removed}` : '';
}

/**
 * The checks of one run, latest result per check: `running 2/3`, `3/3 passed`, `1 failed, 2 passed`;
 * empty when the repository has none or the run gets none (it did not exit by itself).
 */
export function checksText(run: Run, expected: readonly string[], results: readonly CheckResult[]): string {
  if (expected.length === 0 || run.status !== 'exited' || run.stoppedByUser) return '';
  const latest = new Map<string, CheckResult>();
  for (const r of [...results].sort((a, b) => a.startedAt - b.startedAt)) latest.set(r.name, r);
  const list = [...latest.values()];
  if (list.length === 0) return 'pending';
  const done = list.filter((r) => r.status !== 'running').length;
  const passed = list.filter((r) => r.status === 'passed').length;
  if (list.length < expected.length || done < list.length) return `running ${Math.min(done + 1, expected.length)}/${expected.length}`;
  if (passed === done) return `${passed}/${done} passed`;
  return `${done - passed} failed, ${passed} passed`;
}

/** Whether every check of the run that has a result passed (true when it has none). */
export function checksPassed(results: readonly CheckResult[]): boolean {
  const latest = new Map<string, CheckResult>();
  for (const r of [...results].sort((a, b) => a.startedAt - b.startedAt)) latest.set(r.name, r);
  return [...latest.values()].every((r) => r.status === 'passed' || r.status === 'running');
}

/** Lays out rows in left-aligned columns two spaces apart; the last column is not padded. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length)))
      .join('  ')
      .trimEnd(),
  );
}

/** Cuts a line to `width` characters (a terminal line that wraps would break the redraw). */
export function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** `2025-11-21 10:49` in local time. */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
