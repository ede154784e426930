// Path confinement: every way out of the worktree (.., absolute, symbolic links, dangling links) and every way into
// .git (a checkout's folder, a linked worktree's file, a link to either) is refused; ordinary paths resolve.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, makeTempRepo, runGit, type TempDir } from '../../../../test/helpers/git-fixtures';
import { WorktreePaths } from './worktree-paths';

let repo: TempDir;
let outside: TempDir;
let worktree: string;
let paths: WorktreePaths;

beforeEach(async () => {
  repo = await makeTempRepo({ files: { 'README.md': '# hi\n', 'src/a.ts': 'export {};\n' } });
  outside = await makeTempDir('switchyard-outside-');
  worktree = path.join(path.dirname(repo.path), 'wt');
  await runGit(repo.path, ['worktree', 'add', '-q', '-b', 'run', worktree]);
  await writeFile(path.join(outside.path, 'secret.txt'), 'secret');
  await symlink(outside.path, path.join(worktree, 'link-out'));
  await symlink(path.join(outside.path, 'secret.txt'), path.join(worktree, 'file-out'));
  await symlink(path.join(repo.path, '.git'), path.join(worktree, 'link-git'));
  await symlink(path.join(outside.path, 'nope.txt'), path.join(worktree, 'dangling'));
  await symlink('src', path.join(worktree, 'link-in'));
  paths = await WorktreePaths.open(worktree);
});

afterEach(async () => {
  await repo.cleanup();
  await outside.cleanup();
});

async function refused(input: string): Promise<string> {
  const check = await paths.resolve(input);
  if (check.ok) throw new Error(`${input} was not refused: ${check.path.abs}`);
  return check.reason;
}

describe('WorktreePaths', () => {
  it('resolves ordinary paths, absolute paths inside, new files and links that stay inside', async () => {
    const a = await paths.resolve('src/a.ts');
    expect(a).toMatchObject({ ok: true, path: { rel: 'src/a.ts', exists: true } });
    expect(await paths.resolve(path.join(worktree, 'README.md'))).toMatchObject({ ok: true, path: { rel: 'README.md' } });
    expect(await paths.resolve('new/deeper/file.txt')).toMatchObject({ ok: true, path: { rel: 'new/deeper/file.txt', exists: false } });
    expect(await paths.resolve('link-in/a.ts')).toMatchObject({ ok: true, path: { rel: 'src/a.ts' } });
    expect(await paths.resolve('.')).toMatchObject({ ok: true, path: { rel: '.' } });
    expect(await paths.resolve('src/../README.md')).toMatchObject({ ok: true, path: { rel: 'README.md' } });
  });

  it('refuses .. escapes and absolute paths outside', async () => {
    expect(await refused('../outside.txt')).toMatch(/outside the worktree/);
    expect(await refused('src/../../x')).toMatch(/outside the worktree/);
    expect(await refused(path.join(outside.path, 'secret.txt'))).toMatch(/outside the worktree/);
    expect(await refused('/etc/passwd')).toMatch(/outside the worktree/);
    expect(await refused('')).toMatch(/required/);
    expect(await refused('a\0b')).toMatch(/NUL/);
  });

  it('refuses symbolic links that lead outside, also for files that do not exist yet, and dangling links', async () => {
    expect(await refused('link-out/secret.txt')).toMatch(/symbolic link/);
    expect(await refused('link-out/new-file.txt')).toMatch(/symbolic link/);
    expect(await refused('link-out/new/deeper.txt')).toMatch(/symbolic link/);
    expect(await refused('file-out')).toMatch(/symbolic link/);
    expect(await refused('dangling')).toMatch(/does not exist/);
  });

  it('refuses .git: the linked worktree .git file, the main checkout .git folder, case variants and links into it', async () => {
    expect(await refused('.git')).toMatch(/\.git/);
    expect(await refused('.git/config')).toMatch(/\.git/);
    expect(await refused('.GIT/config')).toMatch(/\.git/);
    expect(await refused('src/.git/hooks/pre-commit')).toMatch(/\.git/);
    expect(await refused('link-git/config')).toMatch(/outside|\.git/);
    const main = await WorktreePaths.open(repo.path);
    for (const p of ['.git', '.git/config', '.git/hooks/post-checkout', './.git/../.git/HEAD']) {
      const check = await main.resolve(p);
      expect(check.ok, p).toBe(false);
    }
    await mkdir(path.join(repo.path, 'sub'));
    await symlink('../.git', path.join(repo.path, 'sub', 'g'));
    const viaLink = await main.resolve('sub/g/config');
    expect(viaLink.ok).toBe(false);
    if (!viaLink.ok) expect(viaLink.reason).toMatch(/into \.git/);
  });
});
