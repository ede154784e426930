// Result lines and the summary table of bench/terminals: every goal is printed as
// `name: measured / limit = ratio (goal …) PASS|FAIL`, where the limit was measured in the same run.
// Also the `runStandalone` wrapper that lets each bench file run alone (`npx tsx bench/terminals/x.ts`).
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cleanupAll } from './cleanup';

/**
 * One checked goal. `measured` and `limit` are in the same `unit`; `ratio` = measured / limit.
 * `direction` says which side passes: 'max' passes when ratio ≤ goal, 'min' when ratio ≥ goal.
 */
export interface Result {
  name: string;
  measured: number;
  limit: number;
  unit: string;
  /** Where the limit comes from, e.g. "8 raw node-pty PTYs, same run". */
  limitSource: string;
  goal: number;
  direction: 'max' | 'min';
  /** Extra figures worth printing (components of the measurement, sample counts). */
  detail?: string;
}

export const ratioOf = (r: Result): number => (r.limit === 0 ? Number.POSITIVE_INFINITY : r.measured / r.limit);

export function passes(r: Result): boolean {
  const ratio = ratioOf(r);
  if (!Number.isFinite(ratio)) return false;
  return r.direction === 'max' ? ratio <= r.goal : ratio >= r.goal;
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

export function formatResult(r: Result): string {
  if (Number.isNaN(r.measured)) return `${r.name}: did not complete FAIL\n    ${r.detail ?? ''}`;
  const goal = `${r.direction === 'max' ? '≤' : '≥'} ${r.goal}`;
  const line = `${r.name}: ${fmt(r.measured)} ${r.unit} / ${fmt(r.limit)} ${r.unit} = ${ratioOf(r).toFixed(3)} (goal ${goal}; limit: ${r.limitSource}) ${passes(r) ? 'PASS' : 'FAIL'}`;
  return r.detail ? `${line}\n    ${r.detail}` : line;
}

/** A bench that failed to run at all is reported as one FAIL row rather than aborting the suite. */
export function errorResult(name: string, err: unknown): Result {
  return {
    name,
    measured: Number.NaN,
    limit: Number.NaN,
    unit: '',
    limitSource: 'n/a',
    goal: 0,
    direction: 'max',
    detail: `did not complete: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  };
}

export function summaryTable(results: readonly Result[]): string {
  const rows = results.map((r) => [
    r.name,
    `${fmt(r.measured)} ${r.unit}`.trim(),
    `${fmt(r.limit)} ${r.unit}`.trim(),
    Number.isFinite(ratioOf(r)) ? ratioOf(r).toFixed(3) : 'n/a',
    `${r.direction === 'max' ? '≤' : '≥'} ${r.goal}`,
    passes(r) ? 'PASS' : 'FAIL',
  ]);
  const head = ['goal', 'measured', 'limit', 'ratio', 'target', 'verdict'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const passed = results.filter(passes).length;
  return [line(head), sep, ...rows.map(line), `${passed}/${results.length} PASS`].join('\n');
}

/** One line on how busy the machine is: figures from a contended machine read differently. */
export function machineLine(): string {
  const [one, five] = loadavg() as [number, number, number];
  return `machine: ${availableParallelism()} CPUs, load average ${one.toFixed(1)} (1 min) / ${five.toFixed(1)} (5 min)`;
}

export type Bench = (log: (message: string) => void) => Promise<Result[]>;

/** True when `moduleUrl` is the file node was started with (the bench runs alone). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl) === process.argv[1];
}

/** Runs one bench alone: prints its results and the table, cleans up, exits 1 on any FAIL. */
export async function runStandalone(title: string, bench: Bench): Promise<void> {
  const started = performance.now();
  console.log(machineLine());
  let results: Result[];
  try {
    results = await bench((m) => console.log(`  ${m}`));
  } catch (err) {
    results = [errorResult(title, err)];
  } finally {
    await cleanupAll();
  }
  console.log('');
  for (const r of results) console.log(formatResult(r));
  console.log(`\n${summaryTable(results)}\n(${title}: ${((performance.now() - started) / 1000).toFixed(1)} s; ${machineLine()} at the end)`);
  process.exitCode = results.every(passes) ? 0 : 1;
}
