// Repository hooks never run from the app's own git plumbing. Every hook git knows is installed (in
// .git/hooks, and in a second repository through its own core.hooksPath), plus an fsmonitor program in
// core.fsmonitor; each writes a marker file outside the repository. Then the app does everything that
// runs git: opening the repository, worktree creation for runs, committing a run's work, merges in all
// three modes into the checked-out base, a conflict handed to an agent and its resolution merged, undo,
// compose, backup snapshots with archive, restore, delete. No marker may appear. Finally plain git in the
// same repository fires the hooks, proving they were live all along.
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../src/shared/contract';
import { writeExecutable } from '../helpers/agent-path';
import { isFinished, startCore, waitForRuns, type CoreHarness } from '../helpers/core-harness';
import { makeTempDir, makeTempRepo, runGit, type TempDir } from '../helpers/git-fixtures';

/** Every hook in `git help hooks` (git 2.4x), client and server side. */
const HOOKS = [
  'applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg',
  'post-commit', 'pre-rebase', 'post-checkout', 'post-merge', 'pre-push', 'pre-receive', 'update', 'proc-receive', 'post-receive',
  'post-update', 'reference-transaction', 'push-to-checkout', 'pre-auto-gc', 'post-rewrite', 'sendemail-validate', 'post-index-change',
];

/** Stand-in agents: `own` writes own.txt with its run id; `readme` rewrites README.md; `resolve` writes the resolution. */
const AGENT = `import { writeFileSync } from 'node:fs';
const mode = process.argv[2];
const id = process.env.SWITCHYARD_RUN_ID;
if (mode === 'own') writeFileSync('own.txt', 'own work of ' + id + '\\n');
if (mode === 'readme') writeFileSync('README.md', '# rewritten by ' + id + '\\n');
if (mode === 'resolve') writeFileSync('README.md', '# resolved\\n');
process.stdout.write(mode + ' done\\r\\n');
`;

async function installHooks(dir: string, markers: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const hook of HOOKS) {
    await writeExecutable(dir, hook, `#!/bin/sh\necho "$*" >> "${markers}/${hook}"\nexit 0\n`);
  }
}

describe.each([
  { where: '.git/hooks', viaConfig: false },
  { where: 'a hooks folder named by the repository\'s own core.hooksPath', viaConfig: true },
])('repository hooks in $where never fire from the app', ({ viaConfig }) => {
  let repo: TempDir;
  let markers: TempDir;
  let scratch: TempDir;
  let h: CoreHarness;
  const git = (...args: string[]) => runGit(repo.path, args);
  const fired = async () => (await readdir(markers.path)).sort();

  beforeAll(async () => {
    markers = await makeTempDir('switchyard-hook-markers-');
    scratch = await makeTempDir('switchyard-hook-agent-');
    await writeFile(join(scratch.path, 'agent.mjs'), AGENT);
    repo = await makeTempRepo({ files: { 'README.md': '# hooks\n' } });
    if (viaConfig) {
      const hooksDir = join(scratch.path, 'shared-hooks');
      await installHooks(hooksDir, markers.path);
      await git('config', 'core.hooksPath', hooksDir);
    } else {
      await installHooks(join(repo.path, '.git', 'hooks'), markers.path);
    }
    const monitor = join(scratch.path, 'fsmonitor');
    await writeExecutable(scratch.path, 'fsmonitor', `#!/bin/sh\necho "$*" >> "${markers.path}/fsmonitor"\nexit 1\n`);
    await git('config', 'core.fsmonitor', monitor);
    h = await startCore();
  });
  afterAll(async () => {
    await h?.cleanup();
    await repo?.cleanup();
    await markers?.cleanup();
    await scratch?.cleanup();
  });

  it('through worktrees, commits, merges, a conflict resolution, undo, compose, archive, restore and delete', async () => {
    const { client } = h;
    const agent = join(scratch.path, 'agent.mjs');
    const opened = await client.call('repos.open', { path: repo.path });
    const profile = async (mode: string) => (await client.call('profiles.saveCommand', { name: `Agent ${mode}`, commandLine: `node "${agent}" ${mode}` })).id;
    const [own, readme, resolver] = [await profile('own'), await profile('readme'), await profile('resolve')];
    const created = await client.call('threads.create', {
      repoId: opened.id, prompt: 'touch things', baseBranch: 'main',
      agents: [{ profileId: own, count: 3 }, { profileId: readme, count: 2 }],
    });
    const runs = await waitForRuns(client, created.thread.id, (r) => isFinished(r) && r.diff !== null, 60_000);
    for (const run of runs) expect(run.status, run.failure ?? '').toBe('exited');
    const [own1, own2, own3, readme1, readme2] = runs as [Run, Run, Run, Run, Run];
    expect(await fired(), 'after worktree creation').toEqual([]);

    // Each merge first commits the run's work onto its branch, then publishes into the checkout (main is checked out).
    const merged = async (runId: string, mode: 'merge' | 'squash' | 'rebase') => {
      const outcome = await client.call('merge.run', { runId, mode, message: `${mode} it` });
      expect(outcome.kind, JSON.stringify(outcome)).toBe('merged');
      return outcome;
    };
    await merged(own1.id, 'merge');
    await merged(readme1.id, 'squash');
    expect(await fired(), 'after merge and squash').toEqual([]);

    const conflict = await client.call('merge.run', { runId: readme2.id, mode: 'merge', message: 'conflicts' });
    expect(conflict.kind).toBe('conflict');
    const resolution = await client.call('merge.resolveWithAgent', { runId: readme2.id, profileId: resolver as never });
    const [done] = (await waitForRuns(client, created.thread.id, (r) => r.id !== resolution.id || (isFinished(r) && r.diff !== null), 60_000)).filter((r) => r.id === resolution.id);
    expect(done!.status).toBe('exited');
    const last = await merged(resolution.id, 'merge');
    expect(await git('show', 'main:README.md')).toBe('# resolved\n');
    expect(await fired(), 'after a conflict resolved by an agent').toEqual([]);

    if (last.kind === 'merged') expect(await client.call('merge.undo', { mergeId: last.mergeId })).toMatchObject({ undone: true });
    await merged(resolution.id, 'rebase');
    expect(await fired(), 'after undo and a rebase merge').toEqual([]);

    await client.call('threads.compose', { threadId: created.thread.id, picks: [{ path: 'own.txt', fromRunId: own2.id }], message: 'composed' });
    await client.call('runs.archive', { runId: own3.id });
    await client.call('runs.restore', { runId: own3.id });
    await client.call('runs.describeLoss', { runId: own2.id });
    await client.call('runs.delete', { runId: own2.id, confirm: true });
    await client.call('review.runDiff', { runId: own3.id });
    expect(await fired(), 'after compose, archive, restore and delete').toEqual([]);
    expect(await git('for-each-ref', '--format=%(refname)', 'refs/switchyard/backup/')).toContain(own2.id);
  }, 180_000);

  it('the hooks were live: plain git in the same repository fires them', async () => {
    await writeFile(join(repo.path, 'control.txt'), 'control\n');
    await git('add', 'control.txt');
    await git('commit', '-q', '-m', 'control');
    const hooks = await fired();
    expect(hooks).toEqual(expect.arrayContaining(['pre-commit', 'commit-msg', 'post-commit', 'reference-transaction', 'fsmonitor']));
    expect(await readFile(join(markers.path, 'pre-commit'), 'utf8')).toBeDefined();
  });
});
