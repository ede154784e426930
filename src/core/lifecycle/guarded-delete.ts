// The one place that removes a run's worktree folder. Every check runs first (real paths, the
// main checkout, the common .git, the worktree root, row ownership, the .git file's link, and the
// backup that must hold the work); only then `git worktree unlock` + `git worktree remove`.
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, type ErrorCode } from '../../shared/errors';
import { gitStderrOf } from '../git/git-output';
import { type GitRunner } from '../git/git-runner';
import { BACKUP_REF_PREFIX } from './backup-ref';
import {
  commitInfo, commonGitDir, isAncestor, isSameOrInside, isStrictlyInside, listWorktrees, realpathOrNull, resolveCommit,
  withRepoWriteLock, worktreeTree,
} from './plumbing';

/** Code of every refusal. */
export const DELETE_REFUSED: ErrorCode = 'DELETE_REFUSED';

export interface GuardedRemoveRequest {
  /** The repository the worktree belongs to (its main checkout). */
  repoPath: string;
  worktreePath: string;
  /** The app's worktree root; the worktree must be strictly inside it. */
  worktreeRoot: string;
  /** Whether a database row owns this folder; called with the path as given and with its real path. */
  isOwned: (worktreePath: string) => boolean;
  /**
   * A commit under refs/switchyard/backup/ (from snapshotRun) that must hold all of the work. The
   * rule: the worktree's HEAD is an ancestor of (or is) backupCommit, AND the tree of HEAD plus all
   * tracked and untracked, not ignored changes equals backupCommit's tree, AND some backup ref
   * contains backupCommit. Ignored files are never captured: they are build output or secrets
   * that git itself deletes on a plain `worktree remove` (describeLoss lists them for the user).
   */
  backupCommit: string;
}

/** git's refusal to remove a worktree with work in it; the only case where --force is considered. */
const HAS_WORK = /contains modified or untracked files/;

/**
 * Removes a run's worktree, or throws DELETE_REFUSED with nothing touched. Plain
 * `git worktree remove` first; if git refuses because of modified or untracked files, the work is
 * compared with the backup once more right then, and only if it is still identical is
 * `git worktree remove --force` used (a single --force, which also leaves a locked worktree alone).
 * The caller must have stopped the run's processes: a file written between that last comparison
 * and git's delete (milliseconds) is the one thing this cannot see.
 */
export function guardedRemoveWorktree(git: GitRunner, req: GuardedRemoveRequest): Promise<void> {
  return withRepoWriteLock(git, req.repoPath, async () => {
    const target = await checkRemovable(git, req);
    const lockReason = await readLockReason(target.adminDir);
    if (lockReason !== null) await git.run(['worktree', 'unlock', target.real], { cwd: target.repo });
    try {
      try {
        await git.run(['worktree', 'remove', target.real], { cwd: target.repo });
      } catch (err) {
        if (!HAS_WORK.test(gitStderrOf(err) ?? '')) throw err;
        await assertWorkCaptured(git, target.real, req.backupCommit, target.repo);
        await git.run(['worktree', 'remove', '--force', target.real], { cwd: target.repo });
      }
    } catch (err) {
      // Put the lock back so the worktree stays protected from `git worktree prune` and gc.
      const still = await realpathOrNull(target.real);
      if (lockReason !== null && still !== null) {
        await git.run(['worktree', 'lock', '--reason', lockReason, target.real], { cwd: target.repo }).catch(() => undefined);
      }
      throw err;
    }
  });
}

interface RemovableTarget {
  real: string;
  repo: string;
  adminDir: string;
}

/** Every refusal, in order; returns the resolved target when none applies. Reads only. */
export async function checkRemovable(git: GitRunner, req: GuardedRemoveRequest): Promise<RemovableTarget> {
  const given = path.resolve(req.worktreePath);
  const refuse = (why: string): AppError => new AppError(DELETE_REFUSED, `Switchyard will not delete ${given}: ${why}`);
  if (!path.isAbsolute(req.worktreePath) || !path.isAbsolute(req.worktreeRoot)) throw refuse('paths must be absolute.');

  const info = await lstat(given).catch(() => null);
  if (!info) throw refuse('there is no folder there.');
  if (info.isSymbolicLink()) throw refuse('it is a symbolic link, not a worktree folder.');
  if (!info.isDirectory()) throw refuse('it is not a folder.');
  const real = await realpathOrNull(given);
  const root = await realpathOrNull(req.worktreeRoot);
  const repo = await realpathOrNull(req.repoPath);
  if (!real || !root || !repo) throw refuse('the folder, the worktree root or the repository cannot be resolved.');

  const common = await commonGitDir(git, repo);
  const worktrees = await listWorktrees(git, repo);
  const mainPath = worktrees[0] ? await realpathOrNull(worktrees[0].path) : null;
  if (real === mainPath || real === repo) throw refuse("it is the repository's main checkout.");
  if (isSameOrInside(repo, real) || (mainPath !== null && isSameOrInside(mainPath, real))) throw refuse('it contains the repository.');
  if (isSameOrInside(common, real)) throw refuse("it contains the repository's git data (.git).");
  if (isSameOrInside(real, common)) throw refuse("it is inside the repository's git data (.git).");
  if (isSameOrInside(real, repo)) throw refuse("it is inside the repository's main checkout; run worktrees live outside it.");
  if (!isStrictlyInside(real, root)) throw refuse(`it is outside Switchyard's worktree folder ${root}.`);
  if (!req.isOwned(given) && !(real !== given && req.isOwned(real))) throw refuse('no run in the database owns this folder.');

  const adminDir = await linkedAdminDir(real, common);
  if (!adminDir) throw refuse(`its .git is not a file linking it to ${path.join(common, 'worktrees')}, so it is not a worktree of this repository.`);
  const registered = await Promise.all(worktrees.slice(1).map((w) => realpathOrNull(w.path)));
  if (!registered.includes(real)) throw refuse('git does not list it as a worktree of this repository.');

  await assertWorkCaptured(git, real, req.backupCommit, repo);
  return { real, repo, adminDir };
}

/**
 * The worktree's admin dir `<common>/worktrees/<id>` when `<wt>/.git` is a regular file reading
 * `gitdir: <common>/worktrees/<id>` and that admin dir's `gitdir` file points back at `<wt>/.git`;
 * null otherwise (a .git folder, a symlink, a foreign repository, a stale copy of a worktree).
 */
async function linkedAdminDir(worktree: string, common: string): Promise<string | null> {
  const dotGit = path.join(worktree, '.git');
  const info = await lstat(dotGit).catch(() => null);
  if (!info?.isFile()) return null;
  const link = /^gitdir: (.+?)\r?\n?$/.exec(await readFile(dotGit, 'utf8'))?.[1];
  if (!link) return null;
  const admin = await realpathOrNull(path.resolve(worktree, link));
  if (!admin || path.dirname(admin) !== path.join(common, 'worktrees')) return null;
  const back = (await readFile(path.join(admin, 'gitdir'), 'utf8').catch(() => '')).replace(/\r?\n$/, '');
  const backReal = back === '' ? null : await realpathOrNull(path.resolve(admin, back));
  return backReal === (await realpathOrNull(dotGit)) ? admin : null;
}

/** The worktree's lock reason (possibly ''), or null when it is not locked. */
async function readLockReason(adminDir: string): Promise<string | null> {
  return readFile(path.join(adminDir, 'locked'), 'utf8').then(
    (text) => text.replace(/\r?\n$/, ''),
    () => null,
  );
}

/** Throws DELETE_REFUSED unless backupCommit holds the worktree's HEAD and all of its current work (the rule above). */
async function assertWorkCaptured(git: GitRunner, worktree: string, backupCommit: string, repo: string): Promise<void> {
  const refuse = (why: string): AppError => new AppError(DELETE_REFUSED, `Switchyard will not delete ${worktree}: ${why}`);
  const backup = /^[0-9a-f]{40,64}$/.test(backupCommit) ? await resolveCommit(git, repo, backupCommit) : null;
  if (!backup) throw refuse(`the backup ${backupCommit} is not a commit of this repository.`);
  const anchors = await git.run(['for-each-ref', '--contains', backup, '--format=%(refname)', BACKUP_REF_PREFIX], { cwd: repo, readOnly: true });
  if (anchors.stdout.trim() === '') throw refuse(`the backup ${backup.slice(0, 12)} is not kept by any ${BACKUP_REF_PREFIX} ref.`);
  const { head, tree } = await worktreeTree(git, worktree);
  if (!(await isAncestor(git, repo, head, backup))) throw refuse(`its checked-out commit ${head.slice(0, 12)} is not in the backup; take a new backup first.`);
  if ((await commitInfo(git, repo, backup)).tree !== tree) {
    throw refuse('it has changes made after the last backup; take a new backup first.');
  }
}
