import { describe, expect, it } from 'vitest';
import type { Profile, Repo } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { createFakeCore } from '../rpc/fake-core';
import { ensureDraftProfiles, initialDraft } from '../state/composer-slice';
import { createAppStore } from '../state/store';
import { resetThreads } from '../state/threads-slice';
import { makeRun, makeThread } from '../state/test-fixtures';
import { createThread } from './thread-actions';
import { openRepo } from './repo-actions';

const repo: Repo = { id: 'repo-0001' as Repo['id'], path: '/repo', name: 'repo', currentBranch: 'main', lastOpenedAt: 1 };
const shell: Profile = { id: 'shell' as Profile['id'], name: 'Shell', kind: 'shell', argv: [], builtIn: true, cliId: null, builtin: null };

function storeWithDraft(prompt: string) {
  return createAppStore({
    ...resetThreads(repo.id),
    currentRepo: repo,
    profiles: [shell],
    draft: { ...ensureDraftProfiles(initialDraft, [shell]), prompt },
  });
}

describe('createThread', () => {
  it('refuses an empty prompt without calling the core, keeping the draft', async () => {
    const core = createFakeCore({});
    const store = storeWithDraft('  ');
    expect(await createThread({ client: core.client, store })).toBe('write a prompt first');
    expect(core.calls).toEqual([]);
    expect(store.getState().draft.prompt).toBe('  ');
  });

  it('shows the core\u2019s message and keeps the draft when the core refuses', async () => {
    const core = createFakeCore({
      'threads.create': () => {
        throw new AppError('BRANCH_NOT_FOUND', 'branch main does not exist');
      },
    });
    const store = storeWithDraft('do it');
    expect(await createThread({ client: core.client, store })).toBe('branch main does not exist');
    expect(store.getState().draft.prompt).toBe('do it');
    expect(store.getState().selectedThreadId).toBeNull();
  });

  it('selects the new thread, stores its runs and clears the prompt', async () => {
    const thread = makeThread({ id: 'thread-0001' });
    const core = createFakeCore({
      'threads.create': (input) => {
        expect(input).toMatchObject({ repoId: repo.id, prompt: 'do it', baseBranch: 'main', agents: [{ profileId: 'shell', count: 1 }] });
        return { thread, runs: [makeRun({ id: 'run-00001' })] };
      },
    });
    const store = storeWithDraft('do it');
    expect(await createThread({ client: core.client, store })).toBeNull();
    const s = store.getState();
    expect(s.selectedThreadId).toBe('thread-0001');
    expect(s.threads.map((t) => t.id)).toEqual(['thread-0001']);
    expect(s.runIdsByThread['thread-0001']).toEqual(['run-00001']);
    expect(s.draft.prompt).toBe('');
  });
});

describe('openRepo', () => {
  it('returns the core\u2019s error and leaves the current repository alone', async () => {
    const core = createFakeCore({
      'repos.open': () => {
        throw new AppError('NOT_A_GIT_REPO', '/tmp/x is not a git repository');
      },
    });
    const store = createAppStore();
    expect(await openRepo({ client: core.client, store }, '/tmp/x')).toBe('/tmp/x is not a git repository');
    expect(store.getState().currentRepo).toBeNull();
  });

  it('makes the repository current and loads its threads and branches', async () => {
    const core = createFakeCore({
      'repos.open': () => repo,
      'repos.branches': () => ({ branches: ['main', 'dev'], current: 'main' }),
      'threads.list': () => [makeThread({ id: 'thread-0001' })],
      'threads.get': () => ({ thread: makeThread({ id: 'thread-0001' }), runs: [makeRun({ id: 'run-00001' })] }),
      'app.drift': () => [],
    });
    const store = createAppStore();
    expect(await openRepo({ client: core.client, store }, '/repo')).toBeNull();
    for (let i = 0; i < 5; i++) await core.flush();
    const s = store.getState();
    expect(s.currentRepo?.id).toBe(repo.id);
    expect(s.recentRepos.map((r) => r.id)).toEqual([repo.id]);
    expect(s.branches?.branches).toEqual(['main', 'dev']);
    expect(s.threads.map((t) => t.id)).toEqual(['thread-0001']);
    expect(s.runIdsByThread['thread-0001']).toEqual(['run-00001']);
    expect(s.toasts).toEqual([]);
  });
});
