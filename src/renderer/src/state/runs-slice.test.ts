import { describe, expect, it } from 'vitest';
import { countByStatus, initialRunsSlice, runsOfThread, statusLabel, statusTone, upsertRun, upsertRuns } from './runs-slice';
import { makeRun } from './test-fixtures';

describe('runs slice', () => {
  it('keeps a thread\u2019s runs ordered by index whatever order they arrive in', () => {
    let s = initialRunsSlice;
    s = upsertRun(s, makeRun({ id: 'run-00003', index: 3 }));
    s = upsertRun(s, makeRun({ id: 'run-00001', index: 1 }));
    s = upsertRun(s, makeRun({ id: 'run-00002', index: 2 }));
    expect(s.runIdsByThread['thread-0001']).toEqual(['run-00001', 'run-00002', 'run-00003']);
    expect(runsOfThread(s, 'thread-0001').map((r) => r.index)).toEqual([1, 2, 3]);
  });

  it('updates a known run in place without changing the order', () => {
    let s = upsertRuns(initialRunsSlice, [makeRun({ id: 'run-00001', index: 1 }), makeRun({ id: 'run-00002', index: 2 })]);
    const order = s.runIdsByThread['thread-0001'];
    s = upsertRun(s, makeRun({ id: 'run-00002', index: 2, status: 'running', startedAt: 2000 }));
    expect(s.runsById['run-00002']?.status).toBe('running');
    expect(s.runIdsByThread['thread-0001']).toBe(order);
  });

  it('keeps runs of different threads apart', () => {
    const s = upsertRuns(initialRunsSlice, [
      makeRun({ id: 'run-00001', threadId: 'thread-a001' }),
      makeRun({ id: 'run-00002', threadId: 'thread-b001' }),
    ]);
    expect(s.runIdsByThread['thread-a001']).toEqual(['run-00001']);
    expect(s.runIdsByThread['thread-b001']).toEqual(['run-00002']);
  });

  it('returns the same slice when nothing changed, so subscribers stay asleep', () => {
    const run = makeRun({ id: 'run-00001' });
    const s = upsertRun(initialRunsSlice, run);
    expect(upsertRun(s, run)).toBe(s);
  });

  it('never lets an older snapshot bring an ended run back to life', () => {
    let s = upsertRun(initialRunsSlice, makeRun({ id: 'run-00001', status: 'exited', exitCode: 0, endedAt: 5000 }));
    s = upsertRun(s, makeRun({ id: 'run-00001', status: 'running' }));
    expect(s.runsById['run-00001']?.status).toBe('exited');
  });

  it('lets a built-in agent run start a follow-up turn after it ended, but not an old snapshot of its first turn', () => {
    const working = (since: number) => ({ state: 'working' as const, source: 'loop' as const, guess: false, detail: null, since });
    let s = upsertRun(initialRunsSlice, makeRun({ id: 'run-00001', status: 'exited', exitCode: 0, startedAt: 1000, endedAt: 5000 }));
    s = upsertRun(s, makeRun({ id: 'run-00001', status: 'running', startedAt: 1000, activity: working(1200) }));
    expect(s.runsById['run-00001']?.status).toBe('exited');
    s = upsertRun(s, makeRun({ id: 'run-00001', status: 'running', startedAt: 1000, activity: working(7000) }));
    expect(s.runsById['run-00001']?.status).toBe('running');
  });

  it('keeps the newer diff when an update carries an older one', () => {
    const fresh = { files: 2, added: 10, removed: 1, at: 9000 };
    let s = upsertRun(initialRunsSlice, makeRun({ id: 'run-00001', status: 'running', diff: fresh }));
    s = upsertRun(s, makeRun({ id: 'run-00001', status: 'exited', exitCode: 0, diff: { files: 1, added: 1, removed: 0, at: 100 } }));
    expect(s.runsById['run-00001']?.status).toBe('exited');
    expect(s.runsById['run-00001']?.diff).toEqual(fresh);
  });

  it('counts runs by status', () => {
    const counts = countByStatus([{ status: 'running' }, { status: 'running' }, { status: 'failed' }, { status: 'exited' }]);
    expect(counts).toEqual({ starting: 0, running: 2, exited: 1, failed: 1, interrupted: 0 });
  });

  it('labels an exited run with its exit code, and one the user stopped as stopped', () => {
    expect(statusLabel({ status: 'exited', exitCode: 3, stoppedByUser: false })).toBe('exited 3');
    expect(statusLabel({ status: 'failed', exitCode: null, stoppedByUser: false })).toBe('failed');
    expect(statusLabel({ status: 'exited', exitCode: 129, stoppedByUser: true })).toBe('stopped');
    expect(statusTone({ status: 'exited', exitCode: 129, stoppedByUser: true })).toBe('muted');
    expect(statusTone({ status: 'exited', exitCode: 1, stoppedByUser: false })).toBe('bad');
  });
});
