// Git plumbing shared by the lifecycle and merge domains: the app's commit identity, a re-entrant
// per-repository write lock, path containment, reading commits/trees/worktrees, and the tree of a
// worktree's current work computed in a throw-away index (the worktree's own index is never touched).
import { AsyncLocalStorage } from 'node:async_hooks';
import { lstat, mkdtemp, realpath, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { type GitRunner } from '../git/git-runner';
import { parseWorktreeList, type WorktreeEntry } from '../git/worktree-porcelain';

export interface GitIdentity {
  name: string;
  email: string;
}

/**
 * Author and committer of commits the app writes for itself (backup snapshots), and of merges when
 * the repository has no user.name/user.email. `.invalid` is a reserved TLD: it can never be mailed.
 */
export const APP_IDENTITY: GitIdentity = { name: 'Switchyard', email: 'switchyard@localhost.invalid' };

/** Environment that makes `commit-tree` work without any user config. */
export function identityEnv(author: GitIdentity, committer: GitIdentity = author): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
  };
}

/** The repository's configured user.name and user.email, or APP_IDENTITY when either is missing. */
export async function userIdentity(git: GitRunner, repoPath: string): Promise<GitIdentity> {
  const read = async (key: string): Promise<string> => {
    const r = await git.run(['config', '--get', key], { cwd: repoPath, readOnly: true, allowedExitCodes: [0, 1] });
    return r.code === 0 ? r.stdout.trim() : '';
  };
  const [name, email] = [await read('user.name'), await read('user.email')];
  return name !== '' && email !== '' ? { name, email } : APP_IDENTITY;
}

/** Keys of the repository locks held by the current async call chain (for re-entrancy). */
const heldLocks = new AsyncLocalStorage<ReadonlySet<string>>();

/** The lock key of a repository: its real path, so two spellings of one folder share one lock. */
export async function repoLockKey(repoPath: string): Promise<string> {
  const resolved = path.resolve(repoPath);
  return realpath(resolved).catch(() => resolved);
}

/**
 * Runs fn holding the repository's write lock (`GitRunner.withRepoLock`, keyed by repoLockKey).
 * Re-entrant within one async call chain, so archive() can call snapshot and guarded delete, each
 * of which also locks, without deadlocking. Callers elsewhere must lock through this function too.
 */
export async function withRepoWriteLock<T>(git: GitRunner, repoPath: string, fn: () => Promise<T>): Promise<T> {
  const key = await repoLockKey(repoPath);
  const held = heldLocks.getStore() ?? new Set<string>();
  if (held.has(key)) return fn();
  return git.withRepoLock(key, () => heldLocks.run(new Set([...held, key]), fn));
}

/** Whether child is parent itself or inside it (both already resolved/realpath'd). */
export function isSameOrInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Whether child is strictly inside parent (not parent itself). */
export function isStrictlyInside(child: string, parent: string): boolean {
  return child !== parent && isSameOrInside(child, parent);
}

/** realpath, or null when the path does not exist (other errors are thrown). */
export async function realpathOrNull(p: string): Promise<string | null> {
  return realpath(p).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
    throw err;
  });
}

/** The commit a full ref name (or sha) resolves to, or null when it does not exist. */
export async function resolveCommit(git: GitRunner, cwd: string, rev: string): Promise<string | null> {
  if (rev === '' || rev.startsWith('-')) return null;
  const r = await git.run(['rev-parse', '--verify', '-q', `${rev}^{commit}`], { cwd, readOnly: true, allowedExitCodes: [0, 1, 128] });
  return r.code === 0 ? r.stdout.trim() : null;
}

/** Tree and parents of a commit, read from its raw object. */
export async function commitInfo(git: GitRunner, cwd: string, sha: string): Promise<{ tree: string; parents: string[]; raw: string }> {
  const { stdout } = await git.run(['cat-file', 'commit', sha], { cwd, readOnly: true });
  const header = stdout.slice(0, stdout.indexOf('\n\n') === -1 ? stdout.length : stdout.indexOf('\n\n'));
  const lines = header.split('\n');
  const tree = lines.find((l) => l.startsWith('tree '))?.slice(5) ?? '';
  const parents = lines.filter((l) => l.startsWith('parent ')).map((l) => l.slice(7));
  return { tree, parents, raw: stdout };
}

/** Whether commit a is an ancestor of (or equal to) commit b. */
export async function isAncestor(git: GitRunner, cwd: string, a: string, b: string): Promise<boolean> {
  const r = await git.run(['merge-base', '--is-ancestor', a, b], { cwd, readOnly: true, allowedExitCodes: [0, 1] });
  return r.code === 0;
}

/** Absolute real path of the repository's common git dir (`.git` of the main checkout). */
export async function commonGitDir(git: GitRunner, repoPath: string): Promise<string> {
  const { stdout } = await git.run(['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: repoPath, readOnly: true });
  return realpath(stdout.replace(/\r?\n$/, ''));
}

/** Every worktree git has registered for the repository, the main one first. */
export async function listWorktrees(git: GitRunner, repoPath: string): Promise<WorktreeEntry[]> {
  const { stdout } = await git.run(['worktree', 'list', '--porcelain', '-z'], { cwd: repoPath, readOnly: true });
  return parseWorktreeList(stdout);
}

/** Refuses names git would read as options or that `check-ref-format --branch` rejects. */
export async function assertBranchName(git: GitRunner, cwd: string, branch: string): Promise<void> {
  const bad = branch === '' || branch.startsWith('-') || /[\0\n]/.test(branch);
  const r = bad ? null : await git.run(['check-ref-format', '--branch', branch], { cwd, readOnly: true, allowedExitCodes: [0, 1, 128] });
  if (!r || r.code !== 0) throw new AppError('INVALID_INPUT', `"${branch}" is not a valid branch name.`);
}

/**
 * The tree of everything in a worktree right now: HEAD plus staged, unstaged and untracked
 * (not ignored) changes, as `git add -A` would record them, plus files staged as new even when
 * ignored. Built in a temporary index (`GIT_INDEX_FILE` = a fresh file: `read-tree HEAD`,
 * `add -A`, `write-tree`), so the worktree's index, files and stat cache are untouched.
 * A fresh index has no stat cache, so git re-reads
 * every tracked file once: correct regardless of assume-unchanged or skip-worktree flags in the
 * real index, at the cost of one pass over the checkout's bytes. Only blobs and trees are written.
 */
export async function worktreeTree(git: GitRunner, worktreePath: string): Promise<{ head: string; tree: string }> {
  const head = await resolveCommit(git, worktreePath, 'HEAD');
  if (!head) throw new AppError('GIT_FAILED', `The worktree at ${worktreePath} has no commit checked out.`);
  const dir = await mkdtemp(path.join(tmpdir(), 'switchyard-index-'));
  const indexFile = path.join(dir, 'index');
  const opts = { cwd: worktreePath, env: { GIT_INDEX_FILE: indexFile } };
  try {
    await git.run(['read-tree', head], opts);
    await git.run(['add', '-A', '--', '.'], opts);
    // Files staged as new in the real index are tracked even when ignored (`git add -f .env`);
    // `add -A` on the fresh index skips ignored files, so add those explicitly.
    const staged = await stagedNewFiles(git, worktreePath, head);
    if (staged.length > 0) {
      await git.run(['--literal-pathspecs', 'add', '-f', '--pathspec-from-file=-', '--pathspec-file-nul'], { ...opts, input: staged.join('\0') });
    }
    const { stdout } = await git.run(['write-tree'], opts);
    return { head, tree: stdout.trim() };
  } finally {
    // Two plain file removals and one empty-folder removal: no recursive delete outside guarded-delete.
    await rm(indexFile, { force: true });
    await rm(`${indexFile}.lock`, { force: true });
    await rmdir(dir).catch(() => undefined);
  }
}

/** Paths added to the real index relative to HEAD that still exist on disk (read-only diff). */
async function stagedNewFiles(git: GitRunner, worktreePath: string, head: string): Promise<string[]> {
  const { stdout } = await git.run(['diff', '--cached', '--name-only', '--no-renames', '--diff-filter=A', '-z', head, '--'], {
    cwd: worktreePath,
    readOnly: true,
  });
  const present: string[] = [];
  for (const rel of stdout.split('\0')) {
    if (rel !== '' && (await lstat(path.join(worktreePath, rel)).then(() => true, () => false))) present.push(rel);
  }
  return present;
}
