import { describe, expect, it } from 'vitest';
import { createAppStore } from '../state/store';
import { checksOfRun } from '../state/checks-slice';
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
