import { describe, expect, it } from 'vitest';
import type { RunActivity } from '../../../shared/contract';
import { makeRun } from '../state/test-fixtures';
import { arrangeRuns, bucketOf, countByBucket, visibleFilters } from './run-buckets';

const act = (state: RunActivity['state'], guess = false): RunActivity => ({ state, source: 'osc', guess, detail: null, since: 10 });

const working = makeRun({ id: 'r1', index: 1, status: 'running', activity: act('working') });
const shell = makeRun({ id: 'r2', index: 2, status: 'running' });
const asks = makeRun({ id: 'r3', index: 3, status: 'running', activity: act('needs-input') });
const turnOver = makeRun({ id: 'r4', index: 4, status: 'running', activity: act('done') });
const clean = makeRun({ id: 'r5', index: 5, status: 'exited', exitCode: 0 });
const crashed = makeRun({ id: 'r6', index: 6, status: 'exited', exitCode: 2 });
const noWorktree = makeRun({ id: 'r7', index: 7, status: 'failed', failure: 'setup failed' });
const stopped = makeRun({ id: 'r8', index: 8, status: 'exited', exitCode: 143, stoppedByUser: true });
const interrupted = makeRun({ id: 'r9', index: 9, status: 'interrupted', activity: act('working') });
const all = [working, shell, asks, turnOver, clean, crashed, noWorktree, stopped, interrupted];

describe('run buckets', () => {
  it('puts each run in one bucket from its status and what its agent reports', () => {
    expect(all.map(bucketOf)).toEqual(['working', 'working', 'needs-input', 'done', 'done', 'failed', 'failed', 'stopped', 'stopped']);
    expect(bucketOf(makeRun({ id: 'r', status: 'starting' }))).toBe('working');
    // A guess still shows as "needs input?" on the card, so the filter finds it there.
    expect(bucketOf(makeRun({ id: 'r', status: 'running', activity: act('needs-input', true) }))).toBe('needs-input');
    // A stopped clean exit is the user's doing, not finished work; an exit without a code (a signal) failed.
    expect(bucketOf(makeRun({ id: 'r', status: 'exited', exitCode: 0, stoppedByUser: true }))).toBe('stopped');
    expect(bucketOf(makeRun({ id: 'r', status: 'exited', exitCode: null }))).toBe('failed');
  });

  it('counts every bucket and all', () => {
    expect(countByBucket(all)).toEqual({ all: 9, working: 2, 'needs-input': 1, done: 2, failed: 2, stopped: 2 });
    expect(countByBucket([])).toEqual({ all: 0, working: 0, 'needs-input': 0, done: 0, failed: 0, stopped: 0 });
  });

  it('shows the stopped segment only when it has runs or is chosen', () => {
    const none = countByBucket([working, clean]);
    expect(visibleFilters(none, 'all')).toEqual(['all', 'working', 'needs-input', 'done', 'failed']);
    expect(visibleFilters(none, 'stopped')).toContain('stopped');
    expect(visibleFilters(countByBucket(all), 'all')).toContain('stopped');
  });

  it('filters in index order, and groups by bucket in the segments\' order', () => {
    expect(arrangeRuns(all, bucketOf, 'failed', false)).toEqual({ grouped: false, items: [crashed, noWorktree] });
    expect(arrangeRuns(all, bucketOf, 'all', false)).toEqual({ grouped: false, items: all });
    expect(arrangeRuns([clean], bucketOf, 'failed', true)).toEqual({ grouped: true, groups: [] });
    const grouped = arrangeRuns([crashed, clean, asks, working, shell], bucketOf, 'all', true);
    expect(grouped.grouped && grouped.groups.map((g) => [g.bucket, g.items.map((r) => r.id)])).toEqual([
      ['working', ['r1', 'r2']],
      ['needs-input', ['r3']],
      ['done', ['r5']],
      ['failed', ['r6']],
    ]);
    const onlyDone = arrangeRuns(all, bucketOf, 'done', true);
    expect(onlyDone.grouped && onlyDone.groups.map((g) => g.bucket)).toEqual(['done']);
  });
});
