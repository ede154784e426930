// Drops git's registration of ONE run worktree whose folder is gone, and nothing else. `git
// worktree prune` has no per-entry form (it drops every stale entry, the user's too), so this uses
// `git worktree remove <path>` on the missing folder, which git handles by deleting only that
// entry's admin dir (`<common>/worktrees/<id>`) since there is no folder to check or delete.
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { type GitRunner } from '../git/git-runner';
import { type WorktreeEntry } from '../git/worktree-porcelain';
import { DELETE_REFUSED } from './guarded-delete';
import { isStrictlyInside, listWorktrees, realpathOrNull, withRepoWriteLock } from './plumbing';

export interface PruneRequest {
  repoPath: string;
  /** The path exactly as git lists it (and as the run row stores it). */
  worktreePath: string;
  worktreeRoot: string;
  isOwned: (worktreePath: string) => boolean;
  /** The run's branch: the entry must still have it checked out (see below). */
  branch: string;
}

/**
 * Why pruning is safe under these conditions: the folder is gone, so no file can be lost; the
 * entry is inside the worktree root and a row owns it, so it is Switchyard's; and the entry has
 * the run's branch checked out (not a detached HEAD), so every commit made there is on that
 * branch, which is kept. What goes is git's bookkeeping of the vanished folder: its index
 * (whose content was in the folder), its HEAD reflog and per-worktree refs. Refuses otherwise.
 */
export function pruneMissingWorktree(git: GitRunner, req: PruneRequest): Promise<void> {
  const refuse = (why: string): AppError => new AppError(DELETE_REFUSED, `Switchyard will not drop git's record of ${req.worktreePath}: ${why}`);
  return withRepoWriteLock(git, req.repoPath, async () => {
    const root = await realpathOrNull(req.worktreeRoot);
    const target = path.resolve(req.worktreePath);
    if (!root || !isStrictlyInside(target, root)) throw refuse('it is outside the worktree root.');
    if (!req.isOwned(target)) throw refuse('no run owns it.');
    const entry = await findEntry(git, req.repoPath, target);
    if (!entry) throw refuse('git has no worktree registered there.');
    if (entry.branch !== req.branch) throw refuse(`it does not have the run's branch ${req.branch} checked out, so commits made there might exist nowhere else.`);
    if (await exists(target)) throw refuse('the folder still exists.');
    if (entry.locked) await git.run(['worktree', 'unlock', target], { cwd: req.repoPath });
    // Checked once more right before git acts: had the folder come back, `remove` would check it.
    if (await exists(target)) {
      if (entry.locked) await git.run(['worktree', 'lock', '--reason', 'switchyard run', target], { cwd: req.repoPath }).catch(() => undefined);
      throw refuse('the folder reappeared.');
    }
    await git.run(['worktree', 'remove', target], { cwd: req.repoPath });
  });
}

/** The registered (non-main) worktree at this exact path, or null. */
export async function findEntry(git: GitRunner, repoPath: string, target: string): Promise<WorktreeEntry | null> {
  const entries = (await listWorktrees(git, repoPath)).slice(1);
  return entries.find((e) => path.resolve(e.path) === target) ?? null;
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return false;
      throw err;
    },
  );
}
