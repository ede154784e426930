// Test support for the lifecycle and merge tests (used only by *.test.ts): a repository with a
// worktree root and run worktrees made by the real allocator, per-file hashes of a folder, and
// cleanup tracking. Fixture git runs through test/helpers/git-fixtures (plain git, no app code).
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { makeTempDir, makeTempRepo, runGit, type TempDir } from '../../../test/helpers/git-fixtures';
import { AppError } from '../../shared/errors';
import { GitRunner } from '../git/git-runner';
import { WorktreeAllocator } from '../git/worktree-allocator';

export const git = new GitRunner({ lockRetry: { budgetMs: 500 } });

/** Registers afterEach cleanup of every temp dir made through track(); call once per test file. */
export function useCleanup(): <T extends TempDir>(p: Promise<T>) => Promise<T> {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });
  return async (p) => {
    const dir = await p;
    cleanups.push(dir.cleanup);
    return dir;
  };
}

export interface Fixture {
  repo: string;
  worktreeRoot: string;
  base: string;
  /** Creates a locked run worktree on `switchyard/<id>-task` (id: 12 hex chars). */
  addRun(id: string): Promise<{ id: string; path: string; branch: string }>;
}

/** A repository (files committed on main) and a worktree root beside it. */
export async function makeFixture(track: <T extends TempDir>(p: Promise<T>) => Promise<T>, files?: Record<string, string | Uint8Array>): Promise<Fixture> {
  const repoDir = await track(makeTempRepo({ files: files ?? { 'README.md': 'hello\n', 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'b\n', '.gitignore': '*.log\nbuild/\n' } }));
  const rootDir = await track(makeTempDir());
  const repo = await realpath(repoDir.path);
  const worktreeRoot = path.join(await realpath(rootDir.path), 'worktrees');
  const allocator = new WorktreeAllocator({ git, worktreeRoot });
  const base = (await runGit(repo, ['rev-parse', 'HEAD'])).trim();
  return {
    repo,
    worktreeRoot,
    base,
    addRun: async (id) => {
      const wt = await allocator.create({ repoPath: repo, repoKey: 'repo-key', runShortId: id.slice(0, 8), branch: `switchyard/${id.slice(0, 8)}-task`, baseCommit: base, reason: `switchyard run ${id}` });
      return { id, path: wt.path, branch: wt.branch };
    },
  };
}

/** sha256 of every file (and symlink target) under root, by relative path; `.git` left out. */
export async function hashFiles(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      if (dir === root && name === '.git') continue;
      const full = path.join(dir, name);
      const info = await lstat(full);
      const rel = path.relative(root, full);
      if (info.isDirectory()) await walk(full);
      else if (info.isSymbolicLink()) out[rel] = `link:${await readlink(full)}`;
      else out[rel] = `${(info.mode & 0o111) !== 0 ? 'x' : '-'}:${createHash('sha256').update(await readFile(full)).digest('hex')}`;
    }
  };
  await walk(root);
  return out;
}

/** `git status` that never refreshes the index (so it cannot change what a test compares). */
export async function statusOf(cwd: string): Promise<string> {
  return runGit(cwd, ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=all']);
}

export async function revParse(cwd: string, rev: string): Promise<string> {
  return (await runGit(cwd, ['rev-parse', rev])).trim();
}

export async function refExists(cwd: string, ref: string): Promise<boolean> {
  return runGit(cwd, ['rev-parse', '--verify', '-q', ref]).then(() => true, () => false);
}

/** The AppError a promise rejects with (fails the test when it resolves or throws something else). */
export async function caught(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/** Paths of the worktrees git lists for the repository, main first. */
export async function worktreePaths(repo: string): Promise<string[]> {
  const out = await runGit(repo, ['worktree', 'list', '--porcelain', '-z']);
  return out.split('\0').filter((f) => f.startsWith('worktree ')).map((f) => f.slice('worktree '.length));
}
