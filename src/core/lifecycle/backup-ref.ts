// Backup refs: `refs/switchyard/backup/<run-id>` anchors a run's branch tip plus a snapshot of its
// uncommitted and untracked (not ignored) work, written before any destructive step. The
// worktree's index and files are never touched; earlier snapshots stay reachable through a
// chain of second parents, so nothing depends on reflogs.
import { AppError } from '../../shared/errors';
import { RunId } from '../../shared/ids';
import { type GitRunner } from '../git/git-runner';
import { APP_IDENTITY, commitInfo, identityEnv, isAncestor, resolveCommit, withRepoWriteLock, worktreeTree } from './plumbing';

/** Namespace of backup refs; outside refs/heads so no branch list, push or fetch refspec sees them. */
export const BACKUP_REF_PREFIX = 'refs/switchyard/backup/';

export interface SnapshotRequest {
  repoPath: string;
  worktreePath: string;
  runId: string;
  /** First line(s) of the snapshot commit's message, e.g. "Before archiving run 3 of 'Fix login'". */
  message: string;
}

export interface Snapshot {
  /** The backup ref written, `refs/switchyard/backup/<run-id>`. */
  ref: string;
  /** The commit the ref points at now. */
  commit: string;
  /** The worktree's HEAD commit when the snapshot was taken. */
  tip: string;
  /** The worktree held work beyond its tip (tracked changes or untracked files). */
  hadUncommitted: boolean;
}

/** Last line of every snapshot commit's message; tells a snapshot from a branch commit the ref may point at. */
const SNAPSHOT_TRAILER = /\nSwitchyard-Run: [a-z0-9-]+\n?$/;

/** The backup ref of a run; refuses ids that are not run ids (they become part of a ref name). */
export function backupRefName(runId: string): string {
  if (!RunId.safeParse(runId).success) throw new AppError('INVALID_INPUT', `"${runId}" is not a run id.`);
  return BACKUP_REF_PREFIX + runId;
}

/** The commit a run's backup ref points at, or null when the run has none. */
export function readBackup(git: GitRunner, repoPath: string, runId: string): Promise<string | null> {
  return resolveCommit(git, repoPath, backupRefName(runId));
}

/**
 * Points the run's backup ref at a commit that holds the worktree's current work:
 * - worktree clean (tree = tip's tree): the ref points at the tip itself;
 * - work beyond the tip: a snapshot commit (tree = the work, first parent = the tip).
 * An earlier backup that the tip does not contain (an earlier snapshot, or commits since
 * rewritten) becomes the snapshot's second parent, so it stays reachable; in that case even a
 * clean worktree gets a commit (tip's tree, parents tip + earlier backup) instead of the bare tip.
 * A snapshot identical to the current backup is reused. The ref moves by compare-and-swap.
 */
export async function snapshotRun(git: GitRunner, req: SnapshotRequest): Promise<Snapshot> {
  const ref = backupRefName(req.runId);
  return withRepoWriteLock(git, req.repoPath, async () => {
    const { head: tip, tree } = await worktreeTree(git, req.worktreePath);
    const tipInfo = await commitInfo(git, req.repoPath, tip);
    const hadUncommitted = tree !== tipInfo.tree;
    const previous = await resolveCommit(git, req.repoPath, ref);

    let commit: string;
    if (previous !== null && (await sameSnapshot(git, req.repoPath, previous, tip, tree))) {
      commit = previous;
    } else {
      const keepPrevious = previous !== null && !(await isAncestor(git, req.repoPath, previous, tip));
      if (!hadUncommitted && !keepPrevious) {
        commit = tip;
      } else {
        const parents = keepPrevious && previous !== null ? [tip, previous] : [tip];
        commit = await writeSnapshotCommit(git, req, tree, parents);
      }
    }
    if (commit !== previous) {
      // previous ?? '' : an empty old value means "must not exist yet" (compare-and-swap on create).
      await git.run(['update-ref', '-m', `switchyard: backup of run ${req.runId}`, ref, commit, previous ?? ''], { cwd: req.repoPath });
    }
    return { ref, commit, tip, hadUncommitted };
  });
}

/** Whether the existing backup already is this snapshot (same tree on the same tip). */
async function sameSnapshot(git: GitRunner, repoPath: string, previous: string, tip: string, tree: string): Promise<boolean> {
  if (previous === tip) return (await commitInfo(git, repoPath, tip)).tree === tree;
  const info = await commitInfo(git, repoPath, previous);
  return info.tree === tree && info.parents[0] === tip;
}

async function writeSnapshotCommit(git: GitRunner, req: SnapshotRequest, tree: string, parents: string[]): Promise<string> {
  const args = ['commit-tree', '--no-gpg-sign', tree];
  for (const p of parents) args.push('-p', p);
  const body = `${req.message.trim() || `Snapshot of run ${req.runId}`}\n\nSwitchyard-Run: ${req.runId}\n`;
  const { stdout } = await git.run(args, { cwd: req.repoPath, env: identityEnv(APP_IDENTITY), input: body });
  return stdout.trim();
}

/**
 * When commit is a snapshot commit holding work beyond its tip: that tip (first parent) and the
 * work's tree. Null for a backup that is just a branch commit, or a snapshot of a clean worktree.
 */
export async function snapshotWork(git: GitRunner, repoPath: string, commit: string): Promise<{ tip: string; tree: string } | null> {
  const info = await commitInfo(git, repoPath, commit);
  const tip = info.parents[0];
  if (!tip || !SNAPSHOT_TRAILER.test(info.raw)) return null;
  if (info.tree === (await commitInfo(git, repoPath, tip)).tree) return null;
  return { tip, tree: info.tree };
}
