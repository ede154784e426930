import { describe, expect, it } from 'vitest';
import { createAppStore } from '../state/store';
import { resetThreads } from '../state/threads-slice';
import { makeRun, makeThread } from '../state/test-fixtures';
import { bindStore } from './bindings';
import { createFakeCore } from './fake-core';

describe('event bindings', () => {
  it('puts runs.changed and threads.changed into the store', async () => {
    const core = createFakeCore({});
    const store = createAppStore(resetThreads('repo-0001'));
    bindStore(core.client, store);
    core.emit('runs.changed', makeRun({ id: 'run-00002', index: 2, status: 'running' }));
    core.emit('runs.changed', makeRun({ id: 'run-00001', index: 1 }));
    core.emit('threads.changed', makeThread({ id: 'thread-0001' }));
    core.emit('threads.changed', makeThread({ id: 'thread-othr', repoId: 'repo-0002' }));
    await core.flush();
    const s = store.getState();
    expect(s.runIdsByThread['thread-0001']).toEqual(['run-00001', 'run-00002']);
    expect(s.runsById['run-00002']?.status).toBe('running');
    expect(s.threads.map((t) => t.id)).toEqual(['thread-0001']);
  });

  it('puts approval requests into the store and drops them once the run stops waiting', async () => {
    const core = createFakeCore({});
    const store = createAppStore(resetThreads('repo-0001'));
    bindStore(core.client, store);
    const needsInput = { state: 'needs-input' as const, source: 'loop' as const, guess: false, detail: 'Approve: npm test', since: 5 };
    core.emit('runs.changed', makeRun({ id: 'run-00001', status: 'running', activity: needsInput }));
    core.emit('runs.approvalRequested', { runId: 'run-00001', callId: 'call-1', command: 'npm test', sandboxed: false });
    await core.flush();
    expect(store.getState().approvalsByRun['run-00001']).toEqual([{ runId: 'run-00001', callId: 'call-1', command: 'npm test', sandboxed: false }]);
    core.emit('runs.changed', makeRun({ id: 'run-00001', status: 'running', activity: { ...needsInput, state: 'working', detail: null, since: 6 } }));
    await core.flush();
    expect(store.getState().approvalsByRun).toEqual({});
  });

  it('marks the connection closed when the transport closes', async () => {
    const core = createFakeCore({});
    const store = createAppStore();
    bindStore(core.client, store);
    core.serverEnd.close();
    await core.flush();
    expect(store.getState().connection).toBe('closed');
  });

  it('stops listening once unbound', async () => {
    const core = createFakeCore({});
    const store = createAppStore();
    const unbind = bindStore(core.client, store);
    unbind();
    core.emit('runs.changed', makeRun({ id: 'run-00001' }));
    await core.flush();
    expect(store.getState().runsById).toEqual({});
  });
});
