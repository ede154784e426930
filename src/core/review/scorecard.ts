// The checks scorecard: runs ordered by "most checks passing, then smallest diff", ties kept in
// the order given (the thread's run order). Pure: takes diff stats and the latest check results,
// computes nothing from git or the database.

export interface ScorecardInput {
  runId: string;
  /** The run's diff size; null when not measured yet (sorts after every measured diff with the same checks). */
  diff: { added: number; removed: number } | null;
  /** The latest result of each check (checks-repo latestByRun). */
  checks: ReadonlyArray<{ name: string; status: string }>;
}

export interface ScorecardRow {
  runId: string;
  /** 1-based; runs with equal passing count and diff size share a rank. */
  rank: number;
  passed: number;
  /** Checks that ended without passing: failed, timed out, cancelled, errored or interrupted. */
  failed: number;
  /** Checks still running. */
  running: number;
  total: number;
  /** added + removed lines; null when unknown. */
  diffLines: number | null;
  /** By check name: its latest status. */
  statuses: Record<string, string>;
}

/** Sorts runs by passing checks (most first), then diff size (smallest first); a stable sort keeps ties in input order. */
export function buildScorecard(runs: readonly ScorecardInput[]): ScorecardRow[] {
  const rows = runs.map((run): ScorecardRow => {
    const statuses: Record<string, string> = {};
    for (const c of run.checks) statuses[c.name] = c.status;
    const values = Object.values(statuses);
    const passed = values.filter((s) => s === 'passed').length;
    const running = values.filter((s) => s === 'running').length;
    return {
      runId: run.runId,
      rank: 0,
      passed,
      failed: values.length - passed - running,
      running,
      total: values.length,
      diffLines: run.diff ? run.diff.added + run.diff.removed : null,
      statuses,
    };
  });
  const size = (r: ScorecardRow): number => r.diffLines ?? Number.POSITIVE_INFINITY;
  // Array.prototype.sort is stable (ES2019), so equal keys keep the order of `runs`.
  rows.sort((a, b) => b.passed - a.passed || compareNumbers(size(a), size(b)));
  rows.forEach((row, i) => {
    const previous = rows[i - 1];
    row.rank = previous && previous.passed === row.passed && size(previous) === size(row) ? previous.rank : i + 1;
  });
  return rows;
}

/** a − b for sorting, with Infinity == Infinity (Infinity − Infinity is NaN). */
function compareNumbers(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
