import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createFakeCore } from '../rpc/fake-core';
import { createAppStore } from '../state/store';
import { makeRun } from '../state/test-fixtures';
import { composeRun } from './compose-actions';

describe('compose actions', () => {
  it('sends the picks (hunks only when chosen) and puts the new run in the store at once', async () => {
    const composed = makeRun({ id: 'run-00003', index: 3, status: 'exited', exitCode: 0, profileName: 'Composed from #1, #2' });
    const core = createFakeCore({ 'threads.compose': () => composed });
    const store = createAppStore();
    const picks = [{ path: 'greeting.txt', fromRunId: 'run-00002' }, { path: 'long.txt', fromRunId: 'run-00001', hunks: [0] }];
    expect(await composeRun({ client: core.client, store }, { threadId: 'thread-0001', picks, message: '  ' })).toEqual(composed);
    expect(core.calls.map((c) => c.input)).toEqual([{ threadId: 'thread-0001', picks }]);
    expect(store.getState().runIdsByThread['thread-0001']).toEqual(['run-00003']);
    await composeRun({ client: core.client, store }, { threadId: 'thread-0001', picks: picks.slice(0, 1), message: ' Take the best \n' });
    expect(core.calls[1]?.input).toMatchObject({ message: 'Take the best' });
  });

  it('rejects with the core\u2019s reason, so the panel can show it', async () => {
    const core = createFakeCore({
      'threads.compose': () => {
        throw new AppError('INVALID_INPUT', 'Run #1 is archived; restore it to pick from it.');
      },
    });
    const store = createAppStore();
    await expect(composeRun({ client: core.client, store }, { threadId: 'thread-0001', picks: [{ path: 'a', fromRunId: 'run-00001' }], message: '' })).rejects.toThrow(/archived/);
    expect(store.getState().runIdsByThread).toEqual({});
  });
});
