import { access, chmod, mkdir, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { commitAll, makeTempDir, makeTempRepo, runGit, type TempDir } from '../../../test/helpers/git-fixtures';
import { GitRunner } from './git-runner';
import { WorktreeAllocator, type WorktreeRequest } from './worktree-allocator';
import { parseWorktreeList } from './worktree-porcelain';

const git = new GitRunner();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});
async function track<T extends TempDir>(p: Promise<T>): Promise<T> {
  const dir = await p;
  cleanups.push(dir.cleanup);
  return dir;
}
async function caught(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
const revParse = async (cwd: string, rev: string) => (await runGit(cwd, ['rev-parse', rev])).trim();

/** A repository, an empty worktree root beside it, an allocator and a request template. */
async function setup(opts: { dirName?: string; rootName?: string } = {}) {
  const repo = await track(makeTempRepo({ dirName: opts.dirName, files: { 'README.md': 'hello\n', 'src/a.ts': 'a\n' } }));
  const rootDir = await track(makeTempDir());
  const worktreeRoot = path.join(rootDir.path, opts.rootName ?? 'worktrees');
  const allocator = new WorktreeAllocator({ git, worktreeRoot });
  const base = await revParse(repo.path, 'HEAD');
  const request = (runShortId: string, branch = `switchyard/${runShortId}-task`): WorktreeRequest => ({
    repoPath: repo.path,
    repoKey: 'repo-1234abcd',
    runShortId,
    branch,
    baseCommit: base,
    reason: `switchyard run ${runShortId}`,
  });
  return { repo: repo.path, worktreeRoot, allocator, base, request };
}

describe('WorktreeAllocator.create', () => {
  it('checks out the base commit on a new branch in a locked worktree outside the repository', async () => {
    const { repo, worktreeRoot, allocator, base, request } = await setup();
    const wt = await allocator.create(request('aaaa1111'));
    expect(wt).toEqual({ path: path.join(await realpath(worktreeRoot), 'repo-1234abcd', 'aaaa1111'), branch: 'switchyard/aaaa1111-task' });
    expect(await revParse(wt.path, 'HEAD')).toBe(base);
    expect((await runGit(wt.path, ['symbolic-ref', 'HEAD'])).trim()).toBe('refs/heads/switchyard/aaaa1111-task');
    expect(await readFile(path.join(wt.path, 'src', 'a.ts'), 'utf8')).toBe('a\n');
    const raw = await runGit(repo, ['worktree', 'list', '--porcelain']);
    expect(raw).toContain(`worktree ${wt.path}\n`);
    expect(raw).toContain('locked switchyard run aaaa1111\n');
    expect(await runGit(repo, ['status', '--porcelain'])).toBe(''); // the main checkout is untouched
  });

  it('picks <branch>-2 when the branch exists, and leaves the existing branch where it was', async () => {
    const { repo, allocator, request } = await setup();
    const old = await revParse(repo, 'HEAD');
    await runGit(repo, ['branch', 'switchyard/bbbb2222-task']);
    await writeFile(path.join(repo, 'new.txt'), 'new\n');
    const newer = await commitAll(repo, 'second');

    const wt = await allocator.create({ ...request('bbbb2222'), baseCommit: newer });
    expect(wt.branch).toBe('switchyard/bbbb2222-task-2');
    expect(await revParse(repo, 'refs/heads/switchyard/bbbb2222-task')).toBe(old);
    expect(await revParse(wt.path, 'HEAD')).toBe(newer);

    await runGit(repo, ['branch', 'switchyard/cccc3333-task-2', old]);
    await runGit(repo, ['branch', 'switchyard/cccc3333-task', old]);
    expect((await allocator.create(request('cccc3333'))).branch).toBe('switchyard/cccc3333-task-3');
  });

  it('creates 8 worktrees of one repository concurrently, each locked on its own branch', async () => {
    const { repo, allocator, base, request } = await setup();
    const ids = Array.from({ length: 8 }, (_, i) => `run0000${i}`);
    const created = await Promise.all(ids.map((id) => allocator.create(request(id))));
    expect(new Set(created.map((c) => c.path)).size).toBe(8);
    expect(new Set(created.map((c) => c.branch)).size).toBe(8);
    const listed = await allocator.list(repo);
    for (const wt of created) {
      expect(listed.find((e) => e.path === wt.path)).toEqual({ path: wt.path, head: base, branch: wt.branch, locked: true, prunable: false });
    }
    const raw = await runGit(repo, ['worktree', 'list', '--porcelain']);
    expect(raw.match(/^locked /gm)).toHaveLength(8);
    expect(await runGit(repo, ['fsck', '--no-progress'])).toBe('');
  });

  it('gives concurrent creates that want the same branch distinct suffixed branches', async () => {
    const { repo, allocator, request } = await setup();
    const ids = Array.from({ length: 8 }, (_, i) => `same000${i}`);
    const created = await Promise.all(ids.map((id) => allocator.create(request(id, 'switchyard/shared'))));
    const branches = created.map((c) => c.branch).sort();
    expect(new Set(branches).size).toBe(8);
    for (const b of branches) expect(b).toMatch(/^switchyard\/shared(-[2-9])?$/);
    for (const wt of created) expect((await runGit(wt.path, ['symbolic-ref', '--short', 'HEAD'])).trim()).toBe(wt.branch);
    expect((await allocator.list(repo)).filter((e) => e.locked)).toHaveLength(8);
  });

  it('does not run the repository’s post-checkout hook', async () => {
    const { repo, allocator, request } = await setup();
    const marker = path.join(path.dirname(repo), 'hook-ran');
    const hook = path.join(repo, '.git', 'hooks', 'post-checkout');
    await writeFile(hook, `#!/bin/sh\necho ran >> '${marker}'\n`);
    await chmod(hook, 0o755);
    // Control: plain git runs the hook on worktree add.
    await runGit(repo, ['worktree', 'add', '-q', path.join(path.dirname(repo), 'control'), 'HEAD']);
    expect(await readFile(marker, 'utf8')).toBe('ran\n');
    await rm(marker);

    await allocator.create(request('dddd4444'));
    await expect(access(marker)).rejects.toThrow();
  });

  it('refuses a target folder that already exists and leaves it as it was', async () => {
    const { repo, worktreeRoot, allocator, request } = await setup();
    const target = path.join(worktreeRoot, 'repo-1234abcd', 'eeee5555');
    await mkdir(target, { recursive: true });
    await writeFile(path.join(target, 'keep.txt'), 'mine\n');
    const err = await caught(allocator.create(request('eeee5555')));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toContain(`A folder already exists at ${await realpath(target)}`);
    expect(await readdir(target)).toEqual(['keep.txt']);
    expect(await runGit(repo, ['branch', '--list', 'switchyard/*'])).toBe('');
  });

  it('refuses an empty existing target folder too (git itself would accept it)', async () => {
    const { worktreeRoot, allocator, request } = await setup();
    await mkdir(path.join(worktreeRoot, 'repo-1234abcd', 'ffff6666'), { recursive: true });
    expect((await caught(allocator.create(request('ffff6666')))).code).toBe('INVALID_INPUT');
  });

  it('refuses a worktree root inside the repository', async () => {
    const { repo, request } = await setup();
    const inside = new WorktreeAllocator({ git, worktreeRoot: path.join(repo, '.worktrees') });
    const err = await caught(inside.create(request('gggg7777')));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toContain('outside the repository');
  });

  it('refuses keys that are not a single folder name', async () => {
    const { allocator, request } = await setup();
    expect((await caught(allocator.create({ ...request('hhhh8888'), repoKey: '..' }))).code).toBe('INVALID_INPUT');
    expect((await caught(allocator.create(request('a/b')))).code).toBe('INVALID_INPUT');
    expect((await caught(allocator.create({ ...request('hhhh8888'), baseCommit: '--force' }))).code).toBe('INVALID_INPUT');
  });

  it('reports an unknown base commit as GIT_FAILED without leaving a folder or branch behind', async () => {
    const { repo, worktreeRoot, allocator, request } = await setup();
    const err = await caught(allocator.create({ ...request('iiii9999'), baseCommit: '0123456789abcdef0123456789abcdef01234567' }));
    expect(err.code).toBe('GIT_FAILED');
    expect(err.message).toContain('0123456789abcdef0123456789abcdef01234567 does not exist');
    await expect(access(path.join(worktreeRoot, 'repo-1234abcd', 'iiii9999'))).rejects.toThrow();
    expect(await runGit(repo, ['branch', '--list', 'switchyard/*'])).toBe('');
  });

  it('deletes the branch it made when the checkout fails, and reports git’s reason', async () => {
    const { repo, worktreeRoot, allocator, request } = await setup();
    // A stale registration: git refuses to add a worktree where a deleted one is still registered.
    const target = path.join(await realpath(worktreeRoot).catch(() => worktreeRoot), 'repo-1234abcd', 'llll2222');
    await mkdir(path.dirname(target), { recursive: true });
    await runGit(repo, ['worktree', 'add', '-q', '--detach', target]);
    await rm(target, { recursive: true });
    const err = await caught(allocator.create(request('llll2222')));
    expect(err.code).toBe('GIT_FAILED');
    expect(err.message).toMatch(/^git worktree: .*missing but already registered worktree/);
    expect(await runGit(repo, ['branch', '--list', 'switchyard/*'])).toBe('');
  });

  it('works with spaces, quotes and non-ASCII in the repository and worktree paths', async () => {
    const { allocator, base, request } = await setup({ dirName: 'ré po "x"', rootName: 'wt root ü \'q\'' });
    const wt = await allocator.create(request('jjjj0000'));
    expect(await revParse(wt.path, 'HEAD')).toBe(base);
    expect(wt.path).toContain('wt root ü \'q\'');
  });
});

describe('WorktreeAllocator.list', () => {
  it('lists the main worktree first, then runs, and marks a deleted one as prunable', async () => {
    const { repo, allocator, base, request } = await setup();
    const wt = await allocator.create(request('kkkk1111'));
    await runGit(repo, ['worktree', 'unlock', wt.path]);
    await rm(wt.path, { recursive: true, force: true });
    const listed = await allocator.list(repo);
    expect(listed[0]).toEqual({ path: await realpath(repo), head: base, branch: 'main', locked: false, prunable: false });
    expect(listed[1]).toMatchObject({ path: wt.path, branch: wt.branch, locked: false, prunable: true });
  });
});

describe('parseWorktreeList', () => {
  it('reads detached, bare, locked-with-reason and paths with spaces and newlines', () => {
    const out = [
      'worktree /srv/bare.git', 'bare', '',
      'worktree /wt/a b\nc', 'HEAD 1111111111111111111111111111111111111111', 'detached', 'locked', '',
      'worktree /wt/d', 'HEAD 0000000000000000000000000000000000000000', 'branch refs/heads/x/y', 'locked why not', 'prunable gone', '',
    ].join('\0');
    expect(parseWorktreeList(out)).toEqual([
      { path: '/srv/bare.git', head: null, branch: null, locked: false, prunable: false },
      { path: '/wt/a b\nc', head: '1111111111111111111111111111111111111111', branch: null, locked: true, prunable: false },
      { path: '/wt/d', head: null, branch: 'x/y', locked: true, prunable: true },
    ]);
  });
});
