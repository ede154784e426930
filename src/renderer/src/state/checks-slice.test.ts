import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../shared/contract';
import { checksHint, checksOfRun, initialChecksSlice, setRunChecks, upsertCheck } from './checks-slice';

function check(over: Partial<CheckResult> & { id: string; name: string }): CheckResult {
  return { runId: 'run-00001', command: 'npm test', status: 'passed', exitCode: 0, durationMs: 10, output: '', startedAt: 1, finishedAt: 2, ...over };
}

describe('checks slice', () => {
  it('keeps the newest result of each check, sorted by name', () => {
    const s = setRunChecks(initialChecksSlice, 'run-00001', [
      check({ id: 'c3', name: 'test', startedAt: 30, status: 'failed' }),
      check({ id: 'c2', name: 'lint', startedAt: 20 }),
      check({ id: 'c1', name: 'test', startedAt: 10 }),
    ]);
    expect(checksOfRun(s, 'run-00001').map((c) => [c.name, c.id])).toEqual([
      ['lint', 'c2'],
      ['test', 'c3'],
    ]);
  });

  it('follows a check from running to finished through events, ignoring an older result', () => {
    let s = upsertCheck(initialChecksSlice, check({ id: 'c1', name: 'test', status: 'running', exitCode: null, finishedAt: null, startedAt: 5 }));
    expect(checksOfRun(s, 'run-00001')[0]?.status).toBe('running');
    s = upsertCheck(s, check({ id: 'c1', name: 'test', status: 'failed', exitCode: 1, startedAt: 5, finishedAt: 9 }));
    expect(checksOfRun(s, 'run-00001')[0]?.status).toBe('failed');
    expect(upsertCheck(s, check({ id: 'c0', name: 'test', startedAt: 1 }))).toBe(s);
  });

  it('keeps an event newer than a checks.list answer that arrives after it', () => {
    let s = upsertCheck(initialChecksSlice, check({ id: 'c9', name: 'test', status: 'running', startedAt: 50, finishedAt: null }));
    s = setRunChecks(s, 'run-00001', [check({ id: 'c1', name: 'test', startedAt: 10 })]);
    expect(checksOfRun(s, 'run-00001').map((c) => c.id)).toEqual(['c9']);
  });

  it('hints at .switchyard.json when the config is missing or has no checks', () => {
    expect(checksHint(undefined)).toBeNull();
    expect(checksHint({ checks: ['test'], setup: [], error: null })).toBeNull();
    expect(checksHint({ checks: [], setup: [], error: null })).toMatch(/\.switchyard\.json/);
    expect(checksHint({ checks: [], setup: [], error: 'bad JSON.' })).toMatch(/bad JSON\..*\.switchyard\.json/);
  });
});
