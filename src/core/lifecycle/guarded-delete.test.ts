import { lstat, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, makeTempRepo, runGit, writeFiles } from '../../../test/helpers/git-fixtures';
import { snapshotRun } from './backup-ref';
import { guardedRemoveWorktree, type GuardedRemoveRequest } from './guarded-delete';
import { caught, git, hashFiles, makeFixture, revParse, worktreePaths, useCleanup } from './lifecycle-test-support';

const track = useCleanup();
const RUN = 'cccc2222dddd';
const exists = (p: string) => lstat(p).then(() => true, () => false);

/** A fixture, one run worktree with a backup of its current state, and a request that passes every check. */
async function setup(work: Record<string, string> = {}) {
  const fx = await makeFixture(track);
  const run = await fx.addRun(RUN);
  await writeFiles(run.path, work);
  const snap = await snapshotRun(git, { repoPath: fx.repo, worktreePath: run.path, runId: RUN, message: 'backup' });
  const owned = new Set([run.path]);
  const req: GuardedRemoveRequest = { repoPath: fx.repo, worktreePath: run.path, worktreeRoot: fx.worktreeRoot, isOwned: (p) => owned.has(p), backupCommit: snap.commit };
  return { fx, run, snap, owned, req };
}

/** Asserts a refusal that names the reason and left the folder, its files and git's registration alone. */
async function expectRefused(req: GuardedRemoveRequest, reason: RegExp, repo: string): Promise<void> {
  const target = req.worktreePath;
  const before = (await exists(target)) && (await lstat(target)).isDirectory() ? await hashFiles(target) : null;
  const registered = await worktreePaths(repo);
  const err = await caught(guardedRemoveWorktree(git, req));
  expect(err.message).toMatch(reason);
  expect(err.message).toContain('Switchyard will not delete');
  if (before) expect(await hashFiles(target)).toEqual(before);
  expect(await worktreePaths(repo)).toEqual(registered);
}

describe('guardedRemoveWorktree', () => {
  it('removes a clean, owned, backed-up run worktree and keeps its branch', async () => {
    const { fx, run, req } = await setup();
    await guardedRemoveWorktree(git, req);
    expect(await exists(run.path)).toBe(false);
    expect(await worktreePaths(fx.repo)).toEqual([fx.repo]);
    expect(await revParse(fx.repo, `refs/heads/${run.branch}`)).toBe(fx.base);
  });

  it('force-removes work only after checking it is exactly what the backup holds', async () => {
    const { fx, run, snap, req } = await setup({ 'src/a.ts': 'changed\n', 'untracked.txt': 'u\n' });
    await guardedRemoveWorktree(git, req);
    expect(await exists(run.path)).toBe(false);
    expect(await runGit(fx.repo, ['show', `${snap.commit}:untracked.txt`])).toBe('u\n');
  });

  it('refuses to force-remove anything the backup does not hold', async () => {
    const { fx, run, req } = await setup({ 'src/a.ts': 'changed\n' });
    await writeFiles(run.path, { 'later.txt': 'written after the backup\n' });
    await expectRefused(req, /changes made after the last backup/, fx.repo);
    await writeFiles(run.path, { 'later.txt': '' });
    await runGit(run.path, ['clean', '-fq']);
    await writeFiles(run.path, { 'src/a.ts': 'changed again\n' });
    await expectRefused(req, /changes made after the last backup/, fx.repo);
    await writeFiles(run.path, { 'src/a.ts': 'changed\n', 'later.txt': 'x' });
    await runGit(run.path, ['add', 'later.txt']);
    await runGit(run.path, ['commit', '-qm', 'commit after the backup']);
    await runGit(run.path, ['rm', '-q', 'later.txt']);
    await runGit(run.path, ['commit', '-qm', 'back to the same tree']);
    await expectRefused(req, /checked-out commit .* is not in the backup/, fx.repo);
  });

  it('refuses a backup commit that no backup ref keeps', async () => {
    const { fx, req } = await setup({ 'x.txt': 'x\n' });
    await runGit(fx.repo, ['update-ref', '-d', `refs/switchyard/backup/${RUN}`]);
    await expectRefused(req, /not kept by any refs\/switchyard\/backup\/ ref/, fx.repo);
    await expectRefused({ ...req, backupCommit: 'main' }, /is not a commit of this repository/, fx.repo);
  });

  it('refuses the main checkout, the common .git, and folders containing the repository', async () => {
    const { fx, req, owned } = await setup();
    const everything = { ...req, isOwned: () => true };
    await expectRefused({ ...everything, worktreePath: fx.repo, worktreeRoot: path.dirname(fx.repo) }, /main checkout/, fx.repo);
    await expectRefused({ ...everything, worktreePath: path.join(fx.repo, '.git'), worktreeRoot: fx.repo }, /git data/, fx.repo);
    await expectRefused({ ...everything, worktreePath: path.join(fx.repo, '.git', 'worktrees') }, /inside the repository's git data/, fx.repo);
    await expectRefused({ ...everything, worktreePath: path.dirname(fx.repo), worktreeRoot: '/' }, /contains the repository/, fx.repo);
    await expectRefused({ ...everything, worktreePath: path.join(fx.repo, 'src') }, /inside the repository's main checkout/, fx.repo);
    expect(owned.size).toBe(1);
  });

  it('refuses worktrees outside the worktree root, and folders no row owns', async () => {
    const { fx, run, req } = await setup();
    const outside = await track(makeTempDir());
    const wt = path.join(outside.path, 'elsewhere');
    await runGit(fx.repo, ['worktree', 'add', '-q', '-b', 'elsewhere', wt]);
    await expectRefused({ ...req, worktreePath: wt, isOwned: () => true }, /outside Switchyard's worktree folder/, fx.repo);
    await expectRefused({ ...req, worktreeRoot: path.join(fx.worktreeRoot, 'repo-key', path.basename(run.path)) }, /outside Switchyard's worktree folder/, fx.repo);
    await expectRefused({ ...req, isOwned: () => false }, /no run in the database owns/, fx.repo);
  });

  it('refuses a folder whose .git is a directory, a worktree of another repository, a symlink, and a missing folder', async () => {
    const { fx, req } = await setup();
    const inRoot = (name: string) => path.join(fx.worktreeRoot, 'repo-key', name);
    const owned = { ...req, isOwned: () => true };

    const clone = inRoot('clone');
    await runGit(fx.worktreeRoot, ['clone', '-q', fx.repo, clone]);
    await expectRefused({ ...owned, worktreePath: clone }, /\.git is not a file linking it/, fx.repo);

    const other = await track(makeTempRepo());
    const foreign = inRoot('foreign');
    await runGit(other.path, ['worktree', 'add', '-q', '-b', 'foreign', foreign]);
    await expectRefused({ ...owned, worktreePath: foreign }, /\.git is not a file linking it/, fx.repo);

    const home = await track(makeTempDir());
    await writeFile(path.join(home.path, 'precious.txt'), 'do not delete\n');
    const link = inRoot('link-to-home');
    await symlink(home.path, link);
    await expectRefused({ ...owned, worktreePath: link }, /symbolic link/, fx.repo);
    expect(await exists(path.join(home.path, 'precious.txt'))).toBe(true);

    const copied = inRoot('copied-dot-git');
    await mkdir(copied);
    await writeFile(path.join(copied, '.git'), `gitdir: ${path.join(fx.repo, '.git', 'worktrees', 'cccc2222')}\n`);
    await expectRefused({ ...owned, worktreePath: copied }, /\.git is not a file linking it/, fx.repo);

    await expectRefused({ ...owned, worktreePath: inRoot('nothing-here') }, /there is no folder there/, fx.repo);
    await expectRefused({ ...owned, worktreePath: 'relative/path' }, /paths must be absolute/, fx.repo);
  });
});
