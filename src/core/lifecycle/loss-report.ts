// What deleting a run would take away from the user's view, for the confirmation dialog: modified
// and untracked files of its worktree, ignored files (never backed up), and commits on its branch
// that the base branch does not have. Read-only: takes no optional locks.
import { lstat } from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import { type GitRunner } from '../git/git-runner';
import { backupRefName } from './backup-ref';
import { resolveCommit } from './plumbing';
import { readWorktreeStatus } from './status-porcelain';

/** Where a run lives: its repository, worktree, branch and the branch it started from. */
export interface RunLocation {
  /** Run id; names the backup ref. */
  id: string;
  repoPath: string;
  worktreePath: string;
  branch: string;
  baseBranch: string;
}

/** A list shown to the user, cut to LOSS_LIST_LIMIT entries; total is the full count. */
export interface Listing<T> {
  items: T[];
  total: number;
}

export interface LossReport {
  worktreeExists: boolean;
  /** Tracked files with staged or unstaged changes (they go into the backup ref). */
  modified: Listing<string>;
  /** Untracked, not ignored files (they go into the backup ref). */
  untracked: Listing<string>;
  /** Ignored files and folders (folders collapsed): deleted with the worktree and NOT backed up. */
  ignored: Listing<string>;
  /** Commits on the branch (or the worktree's HEAD) that the base branch lacks. */
  unmergedCommits: Listing<{ sha: string; subject: string }>;
  /** The run's existing backup commit, or null. */
  backupCommit: string | null;
}

/** Most entries listed per category: a dialog shows a few; the totals tell the rest. */
export const LOSS_LIST_LIMIT = 200;

export async function describeLoss(git: GitRunner, run: RunLocation): Promise<LossReport> {
  const read = { readOnly: true } as const;
  const base = await resolveCommit(git, run.repoPath, `refs/heads/${run.baseBranch}`);
  if (!base) throw new AppError('BRANCH_NOT_FOUND', `The base branch ${run.baseBranch} no longer exists, so Switchyard cannot tell which commits would be unmerged.`);
  const worktreeExists = await lstat(run.worktreePath).then((s) => s.isDirectory(), () => false);
  const empty = { items: [], total: 0 };
  let modified: Listing<string> = empty;
  let untracked: Listing<string> = empty;
  let ignored: Listing<string> = empty;
  const tips: string[] = [];
  const branchTip = await resolveCommit(git, run.repoPath, `refs/heads/${run.branch}`);
  if (branchTip) tips.push(branchTip);

  if (worktreeExists) {
    const status = await readWorktreeStatus(git, run.worktreePath);
    modified = listing(status.tracked);
    untracked = listing(status.untracked);
    const ign = await git.run(['ls-files', '--others', '--ignored', '--exclude-standard', '--directory', '-z'], { ...read, cwd: run.worktreePath });
    ignored = listing(ign.stdout.split('\0').filter((f) => f !== ''));
    const head = await resolveCommit(git, run.worktreePath, 'HEAD');
    if (head && head !== branchTip) tips.push(head);
  }

  let unmergedCommits: LossReport['unmergedCommits'] = { items: [], total: 0 };
  if (tips.length > 0) {
    const range = [...tips, '--not', base];
    const count = await git.run(['rev-list', '--count', ...range], { ...read, cwd: run.repoPath });
    const log = await git.run(['log', '-z', `--max-count=${LOSS_LIST_LIMIT}`, '--format=%H %s', ...range, '--'], { ...read, cwd: run.repoPath });
    const items = log.stdout.split('\0').filter((r) => r !== '').map((r) => {
      const space = r.indexOf(' ');
      return { sha: r.slice(0, space), subject: r.slice(space + 1) };
    });
    unmergedCommits = { items, total: Number.parseInt(count.stdout.trim(), 10) || items.length };
  }
  const backupCommit = await resolveCommit(git, run.repoPath, backupRefName(run.id));
  return { worktreeExists, modified, untracked, ignored, unmergedCommits, backupCommit };
}

function listing(all: string[]): Listing<string> {
  return { items: all.slice(0, LOSS_LIST_LIMIT), total: all.length };
}
