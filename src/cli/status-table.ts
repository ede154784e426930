// The live view of `switchyard run`: on a terminal, a compact table redrawn in place (each line cut
// to the terminal's width so nothing wraps); in a pipe or a log, one line per change of a run's
// status or checks, then the final table once. No colours either way.
import { checksText, columns, diffText, fit, runElapsed, statusText } from './format';
import type { Output } from './output';
import type { CheckResult, Run } from '../shared/contract';

export interface RunState {
  run: Run;
  checks: readonly CheckResult[];
}

const HEADER = ['#', 'RUN', 'AGENT', 'STATUS', 'TIME', '+/-', 'CHECKS'];

/** The table's lines: header, then one row per run in thread order. */
export function tableLines(states: readonly RunState[], expectedChecks: readonly string[], now: number): string[] {
  const rows = [...states]
    .sort((a, b) => a.run.index - b.run.index)
    .map(({ run, checks }) => [String(run.index), run.id, run.profileName, statusText(run), runElapsed(run, now), diffText(run), checksText(run, expectedChecks, checks)]);
  const withChecks = expectedChecks.length > 0;
  const trim = (row: string[]) => (withChecks ? row : row.slice(0, -1));
  return columns([trim(HEADER), ...rows.map(trim)]);
}

export class StatusTable {
  #drawn = 0;
  #last = '';
  #started = false;
  readonly #lastKey = new Map<string, string>();

  constructor(
    private readonly out: Output,
    private readonly title: string,
    private readonly expectedChecks: readonly string[],
  ) {}

  /** Shows the current state: redraws the table on a terminal, prints what changed otherwise. */
  update(states: readonly RunState[], now: number = Date.now()): void {
    if (this.out.isTTY) {
      this.#redraw(states, now);
      return;
    }
    if (!this.#started) {
      this.#started = true;
      this.out.out(`${this.title}\n`);
    }
    for (const { run, checks } of [...states].sort((a, b) => a.run.index - b.run.index)) {
      const checkWords = checksText(run, this.expectedChecks, checks);
      const key = `${statusText(run)}|${checkWords}`;
      if (this.#lastKey.get(run.id) === key) continue;
      this.#lastKey.set(run.id, key);
      const extra = checkWords ? `, checks ${checkWords}` : '';
      this.out.out(`run ${run.index} ${run.id} (${run.profileName}): ${statusText(run)}${extra}\n`);
    }
  }

  /** The final state: the table, once more on a terminal, for the first time in a pipe. */
  finish(states: readonly RunState[], now: number = Date.now()): void {
    if (this.out.isTTY) {
      this.#redraw(states, now);
      return;
    }
    this.out.out(`\n${tableLines(states, this.expectedChecks, now).join('\n')}\n`);
  }

  #redraw(states: readonly RunState[], now: number): void {
    const width = Math.max(20, this.out.columns() - 1);
    const lines = [this.title, ...tableLines(states, this.expectedChecks, now)].map((l) => fit(l, width));
    const text = lines.join('\n');
    if (text === this.#last) return;
    this.#last = text;
    // Back to the first line drawn last time, clear from there down, draw again.
    const back = this.#drawn > 0 ? `\x1b[${this.#drawn}F\x1b[J` : '';
    this.out.out(`${back}${text}\n`);
    this.#drawn = lines.length;
  }
}
