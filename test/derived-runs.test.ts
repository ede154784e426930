// Runs derived from other runs, over the contract on real git: a composed run built from files of
// two runs, and an agent run that resolves a merge conflict which is then merged as a real merge.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Repo, Run } from '../src/shared/contract';
import type { RpcClient } from '../src/shared/rpc/client';
import { makeTempRepo } from './helpers/git-fixtures';
import { isFinished, startCore, waitForRuns, type CoreHarness } from './helpers/core-harness';

const GREETER = fileURLToPath(new URL('./fixtures/greeter-agent.mjs', import.meta.url));
const RESOLVER = fileURLToPath(new URL('./fixtures/resolver-agent.mjs', import.meta.url));
const git = (cwd: string, ...args: string[]) => promisify(execFile)('git', args, { cwd }).then((r) => r.stdout.trim());

describe('derived runs', () => {
  let h: CoreHarness;
  let client: RpcClient;
  let repoDir: { path: string; cleanup(): Promise<void> };
  let repo: Repo;

  beforeAll(async () => {
    h = await startCore();
    client = h.client;
    repoDir = await makeTempRepo({ files: { 'README.md': '# demo\n' } });
    repo = await client.call('repos.open', { path: repoDir.path });
  });
  afterAll(async () => {
    await h.cleanup();
    await repoDir.cleanup();
  });

  async function twoRuns(prompt: string): Promise<{ threadId: string; runs: Run[] }> {
    const a = await client.call('profiles.saveCommand', { name: `a ${prompt}`, commandLine: `node ${GREETER} 1` });
    const b = await client.call('profiles.saveCommand', { name: `b ${prompt}`, commandLine: `node ${GREETER} 2 --no-ok` });
    const created = await client.call('threads.create', { repoId: repo.id, prompt, baseBranch: 'main', agents: [{ profileId: a.id, count: 1 }, { profileId: b.id, count: 1 }] });
    return { threadId: created.thread.id, runs: await waitForRuns(client, created.thread.id, (r) => isFinished(r) && r.diff !== null) };
  }

  it('composes a new run from files of two runs, leaving both untouched', async () => {
    const { threadId, runs } = await twoRuns('compose me');
    const composed = await client.call('threads.compose', {
      threadId,
      picks: [{ path: 'greeting.txt', fromRunId: runs[1]!.id }, { path: 'ok.txt', fromRunId: runs[0]!.id }],
    });
    expect(composed).toMatchObject({ index: 3, status: 'exited', exitCode: 0 });
    expect(composed.diff).toMatchObject({ files: 2 });
    expect(await readFile(join(composed.worktreePath, 'greeting.txt'), 'utf8')).toBe('hello from variant 2\n'.repeat(2));
    expect(await readFile(join(composed.worktreePath, 'ok.txt'), 'utf8')).toBe('ok\n');
    expect(await git(composed.worktreePath, 'status', '--porcelain')).toBe(''); // committed by the app
    expect(await readFile(join(runs[0]!.worktreePath, 'greeting.txt'), 'utf8')).toBe('hello from variant 1\n');
    await expect(client.call('threads.compose', { threadId, picks: [{ path: '../x', fromRunId: runs[0]!.id }] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('hands a conflict to an agent in a merging worktree, then merges its resolution', async () => {
    const { threadId, runs } = await twoRuns('conflict me');
    // The base moves on with its own greeting.txt: merging either run now conflicts (add/add).
    await promisify(execFile)('sh', ['-c', 'printf "main greeting\\n" > greeting.txt && git add greeting.txt && git -c user.name=t -c user.email=t@t commit -qm main-greeting'], { cwd: repoDir.path });
    const conflict = await client.call('merge.run', { runId: runs[0]!.id, mode: 'merge', message: 'take run 1' });
    expect(conflict).toMatchObject({ kind: 'conflict', files: ['greeting.txt'] });
    const mainBefore = await git(repoDir.path, 'rev-parse', 'main');

    const resolver = await client.call('profiles.saveCommand', { name: 'resolver', commandLine: `node ${RESOLVER} greeting.txt {prompt}` });
    const resolving = await client.call('merge.resolveWithAgent', { runId: runs[0]!.id, profileId: resolver.id });
    expect(resolving.profileName).toContain('resolving #1');
    const [done] = (await waitForRuns(client, threadId, (r) => r.id !== resolving.id || (isFinished(r) && r.diff !== null))).filter((r) => r.id === resolving.id);
    expect(done).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(await git(repoDir.path, 'rev-parse', 'main')).toBe(mainBefore); // nothing published yet

    const merged = await client.call('merge.run', { runId: resolving.id, mode: 'merge', message: 'resolved' });
    expect(merged.kind).toBe('merged');
    expect(await git(repoDir.path, 'show', 'main:greeting.txt')).toBe('resolved greeting.txt');
    expect(await git(repoDir.path, 'show', 'main:ok.txt')).toBe('ok'); // run 1's other change came along
    // The resolution is a real merge of run 1's branch: its commit is an ancestor of main.
    expect(await promisify(execFile)('git', ['merge-base', '--is-ancestor', runs[0]!.branch, 'main'], { cwd: repoDir.path }).then(() => true, () => false)).toBe(true);
  });
});
