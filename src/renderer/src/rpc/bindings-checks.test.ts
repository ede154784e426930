import { describe, expect, it } from 'vitest';
import { createAppStore } from '../state/store';
import { checksOfRun, lastLiveLine, LIVE_OUTPUT_MAX, liveOutputOf } from '../state/checks-slice';
import { bindStore } from './bindings';
import { createFakeCore } from './fake-core';

describe('check event bindings', () => {
  it('puts checks.changed into the store, from running to finished', async () => {
    const core = createFakeCore({});
    const store = createAppStore();
    bindStore(core.client, store);
    const base = { id: 'c1', runId: 'run-00001', name: 'test', command: 'npm test', output: '', startedAt: 5 };
    core.emit('checks.changed', { ...base, status: 'running', exitCode: null, durationMs: null, finishedAt: null });
    await core.flush();
    expect(checksOfRun(store.getState(), 'run-00001').map((c) => c.status)).toEqual(['running']);
    core.emit('checks.changed', { ...base, status: 'passed', exitCode: 0, durationMs: 40, output: 'ok', finishedAt: 45 });
    await core.flush();
    expect(checksOfRun(store.getState(), 'run-00001').map((c) => c.status)).toEqual(['passed']);
  });
});

describe('live check output bindings', () => {
  it('appends checks.output while the check runs, keeps only the tail, and drops it once the check finishes', async () => {
    const core = createFakeCore({});
    const store = createAppStore();
    bindStore(core.client, store);
    const base = { id: 'c1', runId: 'run-00001', name: 'test', command: 'npm test', output: '', startedAt: 5 };
    core.emit('checks.changed', { ...base, status: 'running', exitCode: null, durationMs: null, finishedAt: null });
    core.emit('checks.output', { checkId: 'c1', runId: 'run-00001', data: 'first line\n' });
    core.emit('checks.output', { checkId: 'c1', runId: 'run-00001', data: 'second <b>line</b>\n' });
    await core.flush();
    expect(liveOutputOf(store.getState(), 'c1')).toBe('first line\nsecond <b>line</b>\n');
    expect(lastLiveLine(store.getState(), 'c1')).toBe('second <b>line</b>');
    core.emit('checks.output', { checkId: 'c1', runId: 'run-00001', data: 'x'.repeat(LIVE_OUTPUT_MAX) });
    await core.flush();
    expect(liveOutputOf(store.getState(), 'c1')).toHaveLength(LIVE_OUTPUT_MAX);
    core.emit('checks.changed', { ...base, status: 'passed', exitCode: 0, durationMs: 40, output: 'done', finishedAt: 45 });
    core.emit('checks.output', { checkId: 'c1', runId: 'run-00001', data: 'late\n' });
    await core.flush();
    expect(store.getState().checkLiveOutput).toEqual({});
    expect(checksOfRun(store.getState(), 'run-00001')[0]?.output).toBe('done');
  });
});
