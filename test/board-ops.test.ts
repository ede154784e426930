// The board's contract operations on a real core: `runs.openIn` through a fake Platform that
// records what it was asked to open (the OS editor and terminal are the true external edge), the
// headless core that cannot, and `threads.branchNames` for the sidebar's search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/core/platform';
import type { Run } from '../src/shared/contract';
import { AppError } from '../src/shared/errors';
import { FAKE_AGENT, isFinished, startCore, waitForRuns, type CoreHarness } from './helpers/core-harness';
import { makeTempRepo } from './helpers/git-fixtures';

describe('board operations over the contract', () => {
  const opened: [string, string][] = [];
  let failNext = false;
  const platform: Platform = {
    shell: 'desktop',
    openInEditor: async (path) => {
      opened.push(['editor', path]);
      return 'fake-editor';
    },
    openTerminal: async (path) => {
      if (failNext) {
        failNext = false;
        throw new AppError('SPAWN_FAILED', 'No terminal could be started.');
      }
      opened.push(['terminal', path]);
      return 'fake-terminal';
    },
  };
  let desktop: CoreHarness;
  let headless: CoreHarness;
  let repo: { path: string; cleanup(): Promise<void> };
  let repoId: string;
  let threadId: string;
  let runs: Run[];

  beforeAll(async () => {
    repo = await makeTempRepo({ files: { 'README.md': '# demo\n' } });
    desktop = await startCore({ platform });
    const repoRow = await desktop.client.call('repos.open', { path: repo.path });
    repoId = repoRow.id;
    const profile = await desktop.client.call('profiles.saveCommand', { name: 'fake', commandLine: `node ${FAKE_AGENT} --lines 2 --delay 1 {prompt}` });
    const created = await desktop.client.call('threads.create', { repoId, prompt: 'Polish the board', baseBranch: 'main', agents: [{ profileId: profile.id, count: 2 }] });
    threadId = created.thread.id;
    runs = await waitForRuns(desktop.client, threadId, isFinished);
    headless = await startCore({ dataDir: undefined });
  });
  afterAll(async () => {
    await desktop?.cleanup();
    await headless?.cleanup();
    await repo?.cleanup();
  });

  it('says in app.info what the platform can open', async () => {
    expect(await desktop.client.call('app.info', {})).toMatchObject({ canOpenInEditor: true, canOpenTerminal: true });
    expect(await headless.client.call('app.info', {})).toMatchObject({ canOpenInEditor: false, canOpenTerminal: false });
  });

  it('opens the worktree the store records for the run, in the editor or a terminal', async () => {
    const run = runs[0]!;
    expect(await desktop.client.call('runs.openIn', { runId: run.id, target: 'editor' })).toEqual({ opened: 'fake-editor' });
    expect(await desktop.client.call('runs.openIn', { runId: runs[1]!.id, target: 'terminal' })).toEqual({ opened: 'fake-terminal' });
    expect(opened).toEqual([
      ['editor', run.worktreePath],
      ['terminal', runs[1]!.worktreePath],
    ]);
  });

  it('refuses unknown runs, paths from the client and bad targets without calling the platform', async () => {
    const before = opened.length;
    await expect(desktop.client.call('runs.openIn', { runId: 'no-such-run-000', target: 'editor' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(desktop.client.call('runs.openIn', { runId: '../../etc', target: 'editor' } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(desktop.client.call('runs.openIn', { runId: runs[0]!.id, target: 'editor', path: '/etc' } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(desktop.client.call('runs.openIn', { runId: runs[0]!.id, target: 'browser' } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(opened.length).toBe(before);
  });

  it('passes the platform\'s own failure on to the window', async () => {
    failNext = true;
    await expect(desktop.client.call('runs.openIn', { runId: runs[0]!.id, target: 'terminal' })).rejects.toMatchObject({ code: 'SPAWN_FAILED', message: 'No terminal could be started.' });
  });

  it('reports the feature unavailable in headless mode', async () => {
    await expect(headless.client.call('runs.openIn', { runId: runs[0]!.id, target: 'terminal' })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/only in the desktop app/),
    });
  });

  it('refuses an archived run: its worktree is gone', async () => {
    const archived = await desktop.client.call('runs.archive', { runId: runs[1]!.id });
    expect(archived.archivedAt).not.toBeNull();
    const before = opened.length;
    await expect(desktop.client.call('runs.openIn', { runId: runs[1]!.id, target: 'editor' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/archived/) });
    expect(opened.length).toBe(before);
  });

  it('keeps a built-in agent profile\'s optional price per million tokens, for the runs\' cost', async () => {
    const base = { name: 'Priced', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', api: 'chat', approval: 'auto', sandbox: false, network: false, apiKeyEnv: 'NO_SUCH_KEY' } as const;
    const priced = await headless.client.call('profiles.saveBuiltin', { ...base, price: { inputPerMTok: 1.25, outputPerMTok: 10 } });
    expect(priced.builtin?.price).toEqual({ inputPerMTok: 1.25, outputPerMTok: 10 });
    const listed = (await headless.client.call('profiles.list', {})).find((p) => p.id === priced.id);
    expect(listed?.builtin?.price).toEqual({ inputPerMTok: 1.25, outputPerMTok: 10 });
    const cleared = await headless.client.call('profiles.saveBuiltin', { ...base, id: priced.id, price: null });
    expect(cleared.builtin?.price).toBeNull();
    const unpriced = await headless.client.call('profiles.saveBuiltin', { ...base, name: 'Unpriced' });
    expect(unpriced.builtin?.price ?? null).toBeNull();
    await expect(headless.client.call('profiles.saveBuiltin', { ...base, price: { inputPerMTok: -1, outputPerMTok: 1 } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(headless.client.call('profiles.saveBuiltin', { ...base, price: { inputPerMTok: 1, outputPerMTok: 1, currency: 'EUR' } } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('lists the branch names of every thread\'s runs, archived ones included', async () => {
    const names = await desktop.client.call('threads.branchNames', { repoId });
    expect(names).toEqual([{ threadId, branches: runs.map((r) => r.branch) }]);
    expect(runs[0]!.branch).toMatch(/^switchyard\/[0-9a-f]{8}-polish-the-board/);
    await expect(desktop.client.call('threads.branchNames', { repoId: 'Not An Id' } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
