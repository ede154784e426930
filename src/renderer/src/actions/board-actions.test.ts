import { describe, expect, it } from 'vitest';
import type { AppInfo, Repo } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { createFakeCore } from '../rpc/fake-core';
import { boardFilterOf, threadBranchNames } from '../state/board-view-slice';
import { upsertRuns } from '../state/runs-slice';
import { createAppStore } from '../state/store';
import { makeRun } from '../state/test-fixtures';
import { openInBlocker, openRunIn, setBoardFilter, setThreadQuery } from './board-actions';

const repo = { id: 'repo-0001', path: '/repo', name: 'repo', currentBranch: 'main', lastOpenedAt: 1 } as Repo;
const info = (over: Partial<AppInfo>): AppInfo => ({
  version: '1', shell: 'desktop', platform: 'linux', dataDir: '/d', gitVersion: '2.45', canPickFolder: true, canStoreSecrets: true,
  canOpenInEditor: true, canOpenTerminal: true, sandbox: { available: false, reason: null }, ...over,
});

describe('board actions', () => {
  it('keeps a status filter per thread, the selected one by default', () => {
    const store = createAppStore({ selectedThreadId: 'thread-a' });
    setBoardFilter({ store }, 'failed');
    setBoardFilter({ store }, 'done', 'thread-b');
    expect(boardFilterOf(store.getState(), 'thread-a')).toBe('failed');
    expect(boardFilterOf(store.getState(), 'thread-b')).toBe('done');
    expect(boardFilterOf(store.getState(), 'thread-c')).toBe('all');
    expect(boardFilterOf(store.getState(), null)).toBe('all');
  });

  it('fetches every thread\'s branch names once, on the first search in a repository', async () => {
    const core = createFakeCore({ 'threads.branchNames': () => [{ threadId: 'thread-old', branches: ['switchyard/0badf00d-old-work'] }] });
    const store = createAppStore({ currentRepo: repo });
    store.setState((s) => upsertRuns(s, [makeRun({ id: 'run-00001', threadId: 'thread-new', branch: 'switchyard/1234abcd-new' })]));
    const ctx = { client: core.client, store };
    setThreadQuery(ctx, '');
    expect(core.calls).toEqual([]);
    setThreadQuery(ctx, 'o');
    setThreadQuery(ctx, 'ol');
    await core.flush();
    await core.flush();
    expect(core.calls).toEqual([{ name: 'threads.branchNames', input: { repoId: 'repo-0001' } }]);
    expect(store.getState().threadQuery).toBe('ol');
    // Branches of loaded runs and of fetched threads both count.
    expect(threadBranchNames(store.getState(), 'thread-old')).toEqual(['switchyard/0badf00d-old-work']);
    expect(threadBranchNames(store.getState(), 'thread-new')).toEqual(['switchyard/1234abcd-new']);
  });

  it('opens a run in the editor, and shows why when it cannot', async () => {
    let fail = false;
    const core = createFakeCore({
      'runs.openIn': ({ target }) => {
        if (fail) throw new AppError('SPAWN_FAILED', 'No terminal could be started.');
        return { opened: target === 'editor' ? 'code' : 'xterm' };
      },
    });
    const store = createAppStore();
    expect(await openRunIn({ client: core.client, store }, 'run-00001', 'editor')).toBe('code');
    fail = true;
    expect(await openRunIn({ client: core.client, store }, 'run-00001', 'terminal')).toBeNull();
    expect(store.getState().toasts.map((t) => t.message)).toEqual(['Could not open a terminal: No terminal could be started.']);
  });

  it('says up front when this window cannot open anything', () => {
    expect(openInBlocker(info({}), 'editor')).toBeNull();
    expect(openInBlocker(info({ shell: 'headless', canOpenInEditor: false, canOpenTerminal: false }), 'terminal')).toMatch(/only in the desktop app/);
    expect(openInBlocker(null, 'editor')).toMatch(/Checking/);
  });
});
