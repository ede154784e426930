import { describe, expect, it } from 'vitest';
import { buildScorecard, type ScorecardInput } from './scorecard';

const run = (runId: string, diff: [number, number] | null, statuses: string[]): ScorecardInput => ({
  runId,
  diff: diff ? { added: diff[0], removed: diff[1] } : null,
  checks: statuses.map((status, i) => ({ name: ['test', 'lint', 'build'][i] ?? `c${i}`, status })),
});

describe('buildScorecard', () => {
  it('sorts by checks passing, then smallest diff, keeping ties in the given order', () => {
    const rows = buildScorecard([
      run('big-green', [300, 20], ['passed', 'passed', 'passed']),
      run('red', [1, 0], ['failed', 'passed', 'passed']),
      run('small-green', [10, 5], ['passed', 'passed', 'passed']),
      run('tie-a', [10, 10], ['passed', 'failed', 'running']),
      run('tie-b', [15, 5], ['passed', 'timed-out', 'passed']),
      run('tie-c', [5, 15], ['passed', 'error', 'failed']),
      run('unmeasured', null, ['passed', 'passed', 'passed']),
      run('no-checks', [0, 0], []),
    ]);
    expect(rows.map((r) => [r.runId, r.rank])).toEqual([
      ['small-green', 1], ['big-green', 2], ['unmeasured', 3],
      ['red', 4], ['tie-b', 5],
      ['tie-a', 6], ['tie-c', 6],
      ['no-checks', 8],
    ]);
    expect(rows.find((r) => r.runId === 'tie-a')).toMatchObject({ passed: 1, failed: 1, running: 1, total: 3, diffLines: 20 });
    expect(rows.find((r) => r.runId === 'unmeasured')?.diffLines).toBeNull();
    expect(rows[0]?.statuses).toEqual({ test: 'passed', lint: 'passed', build: 'passed' });
  });

  it('is empty for no runs', () => {
    expect(buildScorecard([])).toEqual([]);
  });
});
