// Archive, restore and delete of a run's worktree. Archive = backup ref, then the guarded delete
// of the worktree (branch and backup kept). Restore = the worktree re-created from the branch with
// the backed-up work back as uncommitted changes. Delete = archive, then the branch only if merged.
import { lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { type GitRunner } from '../git/git-runner';
import { backupRefName, readBackup, snapshotRun, snapshotWork, type Snapshot } from './backup-ref';
import { guardedRemoveWorktree } from './guarded-delete';
import { describeLoss, type LossReport, type RunLocation } from './loss-report';
import { isAncestor, listWorktrees, resolveCommit, withRepoWriteLock, worktreeTree } from './plumbing';
import { findEntry, pruneMissingWorktree } from './worktree-prune';

export type { RunLocation } from './loss-report';

export interface RunArchiverDeps {
  git: GitRunner;
  /** The app's worktree root (`<data dir>/worktrees`). */
  worktreeRoot: string;
  /** Whether a database row owns a worktree path (guarded delete asks before removing anything). */
  isOwned: (worktreePath: string) => boolean;
}

export interface RestoreResult {
  path: string;
  /** Uncommitted work from the backup was put back. */
  reappliedWork: boolean;
  /** The worktree's work now equals the backup's tree (false only for rare cases such as force-added ignored files). */
  matchesBackup: boolean;
}

export interface DeleteResult {
  /** The snapshot taken before removing the worktree; null when the worktree was already gone. */
  backup: Snapshot | null;
  branchDeleted: boolean;
  /** One sentence for the user about what happened to the branch. */
  message: string;
}

export class RunArchiver {
  constructor(private readonly deps: RunArchiverDeps) {}

  /** Snapshot to the backup ref, then remove the worktree through the guarded delete. */
  archive(run: RunLocation): Promise<{ backup: Snapshot }> {
    const { git } = this.deps;
    return withRepoWriteLock(git, run.repoPath, async () => {
      if (!(await isFolder(run.worktreePath))) {
        throw new AppError('NOT_FOUND', `The worktree of this run is not at ${run.worktreePath} (archived already, or deleted by hand).`);
      }
      const backup = await snapshotRun(git, { repoPath: run.repoPath, worktreePath: run.worktreePath, runId: run.id, message: `Backup of run ${run.id} before archiving` });
      await guardedRemoveWorktree(git, { ...this.deps, repoPath: run.repoPath, worktreePath: run.worktreePath, backupCommit: backup.commit });
      return { backup };
    });
  }

  /**
   * Re-creates the worktree at its old path on the run's branch (`worktree add --lock`), then, when
   * the backup holds work beyond the tip, checks that work out without committing: `read-tree -m
   * -u HEAD <backup>` writes the files (deletions included), `reset --mixed HEAD` turns them back
   * into unstaged changes, and files HEAD lacks come back untracked. Refuses, before creating
   * anything, when the branch moved since the backup (re-applying would undo those commits).
   */
  restore(run: RunLocation): Promise<RestoreResult> {
    const { git } = this.deps;
    const target = path.resolve(run.worktreePath);
    return withRepoWriteLock(git, run.repoPath, async () => {
      if (await exists(target)) throw new AppError('INVALID_INPUT', `A folder already exists at ${target}; Switchyard will not overwrite it. Move it away, then restore again.`);
      const tip = await resolveCommit(git, run.repoPath, `refs/heads/${run.branch}`);
      if (!tip) throw new AppError('BRANCH_NOT_FOUND', `The run's branch ${run.branch} no longer exists, so there is nothing to check out.`);
      const backup = await readBackup(git, run.repoPath, run.id);
      const work = backup ? await snapshotWork(git, run.repoPath, backup) : null;
      if (work && work.tip !== tip) {
        throw new AppError(
          'INVALID_INPUT',
          `The branch ${run.branch} moved since the backup was taken, so its uncommitted work cannot be put back as it was; ` +
            `it is kept in ${backupRefName(run.id)} (${backup?.slice(0, 12) ?? ''}). Nothing was changed.`,
        );
      }
      if (await findEntry(git, run.repoPath, target)) {
        await pruneMissingWorktree(git, { ...this.deps, repoPath: run.repoPath, worktreePath: target, branch: run.branch });
      }
      await mkdir(path.dirname(target), { recursive: true });
      await git.run(['worktree', 'add', '--lock', '--reason', `switchyard run ${run.id}`, target, run.branch], {
        cwd: run.repoPath,
        env: { GIT_LFS_SKIP_SMUDGE: '1' },
      });
      if (!work || !backup) return { path: target, reappliedWork: false, matchesBackup: true };
      await git.run(['read-tree', '-m', '-u', 'HEAD', backup], { cwd: target });
      await git.run(['reset', '-q', '--mixed', 'HEAD'], { cwd: target });
      const now = await worktreeTree(git, target);
      return { path: target, reappliedWork: true, matchesBackup: now.tree === work.tree };
    });
  }

  describeLoss(run: RunLocation): Promise<LossReport> {
    return describeLoss(this.deps.git, run);
  }

  /**
   * Archive (when the worktree still exists), then delete the branch only when it is fully merged
   * into the base branch and checked out nowhere: `git branch -d` semantics against the base (not
   * against whatever HEAD is), done as a compare-and-swap delete. Never `-D`: an unmerged branch is
   * kept and the message says so. The backup ref is always kept, so the commits stay reachable.
   */
  deleteRun(run: RunLocation): Promise<DeleteResult> {
    const { git } = this.deps;
    return withRepoWriteLock(git, run.repoPath, async () => {
      const backup = (await isFolder(run.worktreePath)) ? (await this.archive(run)).backup : null;
      const tip = await resolveCommit(git, run.repoPath, `refs/heads/${run.branch}`);
      if (!tip) return { backup, branchDeleted: false, message: `The branch ${run.branch} was already gone.` };
      const base = await resolveCommit(git, run.repoPath, `refs/heads/${run.baseBranch}`);
      if (!base || !(await isAncestor(git, run.repoPath, tip, base))) {
        return { backup, branchDeleted: false, message: `The branch ${run.branch} has commits that ${run.baseBranch} does not, so it was kept.` };
      }
      const checkedOut = (await listWorktrees(git, run.repoPath)).find((w) => w.branch === run.branch);
      if (checkedOut) {
        return { backup, branchDeleted: false, message: `The branch ${run.branch} is checked out at ${checkedOut.path}, so it was kept.` };
      }
      await git.run(['update-ref', '-d', `refs/heads/${run.branch}`, tip], { cwd: run.repoPath });
      return { backup, branchDeleted: true, message: `The branch ${run.branch} was fully merged into ${run.baseBranch} and was deleted.` };
    });
  }
}

async function isFolder(p: string): Promise<boolean> {
  return lstat(p).then((s) => s.isDirectory(), () => false);
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(() => true, () => false);
}
