import { execFile } from 'node:child_process';
import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { commitAll, makeTempDir, makeTempRepo, runGit, type TempDir } from '../../../test/helpers/git-fixtures';
import { GitRunner } from './git-runner';
import { inspectRepo, listBranches, resolveBranchCommit } from './repo-inspector';

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
const head = async (repo: string) => (await runGit(repo, ['rev-parse', 'HEAD'])).trim();

describe('inspectRepo', () => {
  it('describes a repository: realpath top level, name, current branch and HEAD commit', async () => {
    const repo = await track(makeTempRepo({ files: { 'src/a.ts': 'a\n' } }));
    const info = await inspectRepo(git, repo.path);
    expect(info).toEqual({ topLevel: await realpath(repo.path), name: 'repo', currentBranch: 'main', headCommit: await head(repo.path) });
  });

  it('resolves a subfolder, a relative-looking path and a symlink to the real top level', async () => {
    const repo = await track(makeTempRepo({ files: { 'src/deep/a.ts': 'a\n' } }));
    const link = path.join(path.dirname(repo.path), 'link-to-repo');
    await symlink(repo.path, link);
    const real = await realpath(repo.path);
    expect((await inspectRepo(git, path.join(repo.path, 'src', 'deep'))).topLevel).toBe(real);
    expect((await inspectRepo(git, `${repo.path}/src/..`)).topLevel).toBe(real);
    expect((await inspectRepo(git, link)).topLevel).toBe(real);
  });

  it('works with spaces, quotes and non-ASCII in the path', async () => {
    const repo = await track(makeTempRepo({ dirName: 'ré po "x" \'y\' 日本' }));
    const info = await inspectRepo(git, repo.path);
    expect(info.name).toBe('ré po "x" \'y\' 日本');
    expect(info.topLevel).toBe(await realpath(repo.path));
    expect(info.headCommit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('reports a detached HEAD as no current branch', async () => {
    const repo = await track(makeTempRepo());
    await runGit(repo.path, ['checkout', '-q', '--detach']);
    const info = await inspectRepo(git, repo.path);
    expect(info.currentBranch).toBeNull();
    expect(info.headCommit).toBe(await head(repo.path));
  });

  it('refuses a path that does not exist with PATH_NOT_FOUND', async () => {
    const dir = await track(makeTempDir());
    const missing = path.join(dir.path, 'nope');
    const err = await caught(inspectRepo(git, missing));
    expect(err.code).toBe('PATH_NOT_FOUND');
    expect(err.message).toBe(`No folder at ${missing}.`);
  });

  it('refuses a file with NOT_A_DIRECTORY', async () => {
    const repo = await track(makeTempRepo());
    const err = await caught(inspectRepo(git, path.join(repo.path, 'README.md')));
    expect(err.code).toBe('NOT_A_DIRECTORY');
  });

  it('refuses a folder outside any repository with NOT_A_GIT_REPO and says how to fix it', async () => {
    const dir = await track(makeTempDir());
    const err = await caught(inspectRepo(git, dir.path));
    expect(err.code).toBe('NOT_A_GIT_REPO');
    expect(err.message).toBe(`${dir.path} is not a git repository. Run \`git init\` there first, or pick another folder.`);
  });

  it('refuses the .git folder of a repository', async () => {
    const repo = await track(makeTempRepo());
    const err = await caught(inspectRepo(git, path.join(repo.path, '.git')));
    expect(err.code).toBe('NOT_A_GIT_REPO');
    expect(err.message).toContain('inside the .git folder');
  });

  it('refuses a bare repository with REPO_BARE', async () => {
    const dir = await track(makeTempDir());
    const bare = path.join(dir.path, 'bare.git');
    await mkdir(bare);
    await runGit(bare, ['init', '-q', '--bare']);
    const err = await caught(inspectRepo(git, bare));
    expect(err.code).toBe('REPO_BARE');
    expect(err.message).toBe(`${bare} is a bare repository; Switchyard needs a working tree (bare repositories are not supported yet).`);
  });

  it('refuses a repository without commits with REPO_EMPTY', async () => {
    const repo = await track(makeTempRepo({ empty: true, files: { 'a.txt': 'a\n' } }));
    const err = await caught(inspectRepo(git, repo.path));
    expect(err.code).toBe('REPO_EMPTY');
    expect(err.message).toBe(`${await realpath(repo.path)} has no commits yet. Make a first commit, then open it again.`);
  });

  it('says which branch is unborn when other branches have commits', async () => {
    const repo = await track(makeTempRepo());
    await runGit(repo.path, ['checkout', '-q', '--orphan', 'fresh']);
    const err = await caught(inspectRepo(git, repo.path));
    expect(err.code).toBe('REPO_EMPTY');
    expect(err.message).toContain('branch fresh');
  });

  it.skipIf(process.getuid?.() !== 0)('explains git’s "dubious ownership" refusal and the command to trust the folder', async () => {
    const repo = await track(makeTempRepo());
    // Owned by another user (nobody), as a repository on a shared or mounted disk would be.
    await promisify(execFile)('chown', ['-R', '65534:65534', repo.path]);
    const err = await caught(inspectRepo(git, repo.path));
    expect(err.code).toBe('NOT_A_GIT_REPO');
    expect(err.message).toContain('dubious ownership');
    expect(err.message).toContain(`git config --global --add safe.directory ${await realpath(repo.path)}`);
  });
});

describe('listBranches', () => {
  it('lists local branches sorted, and the checked-out one', async () => {
    const repo = await track(makeTempRepo());
    for (const b of ['zeta', 'alpha', 'feat/x']) await runGit(repo.path, ['branch', b]);
    await runGit(repo.path, ['checkout', '-q', 'feat/x']);
    await runGit(repo.path, ['tag', 'not-a-branch']);
    expect(await listBranches(git, repo.path)).toEqual({ branches: ['alpha', 'feat/x', 'main', 'zeta'], current: 'feat/x' });
  });

  it('has no current branch when HEAD is detached', async () => {
    const repo = await track(makeTempRepo());
    await runGit(repo.path, ['checkout', '-q', '--detach']);
    expect((await listBranches(git, repo.path)).current).toBeNull();
  });
});

describe('resolveBranchCommit', () => {
  it('returns the full sha the branch points at', async () => {
    const repo = await track(makeTempRepo());
    const first = await head(repo.path);
    await runGit(repo.path, ['branch', 'old']);
    await writeFile(path.join(repo.path, 'b.txt'), 'b\n');
    const second = await commitAll(repo.path, 'second');
    expect(await resolveBranchCommit(git, repo.path, 'old')).toBe(first);
    expect(await resolveBranchCommit(git, repo.path, 'main')).toBe(second);
  });

  it('refuses unknown names, revision syntax and prefixes of other branches with BRANCH_NOT_FOUND', async () => {
    const repo = await track(makeTempRepo());
    await runGit(repo.path, ['branch', 'feat/x']);
    await runGit(repo.path, ['tag', 'v1']);
    for (const name of ['nope', 'main^', 'main~1', 'HEAD', 'feat', 'v1', '']) {
      const err = await caught(resolveBranchCommit(git, repo.path, name));
      expect(err.code).toBe('BRANCH_NOT_FOUND');
    }
    const err = await caught(resolveBranchCommit(git, repo.path, 'nope'));
    expect(err.message).toBe('No branch named nope in this repository.');
  });
});
