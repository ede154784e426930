// WorktreeAllocator: creates one locked worktree and new branch per run, outside the repository
// under the app's worktree root, and lists a repository's worktrees. Never resets or forces anything.
import { lstat, mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { gitStderrOf } from './git-output';
import { type GitRunner } from './git-runner';
import { parseWorktreeList, type WorktreeEntry } from './worktree-porcelain';

export type { WorktreeEntry } from './worktree-porcelain';

export interface WorktreeRequest {
  repoPath: string;
  /** Folder name for the repository under the worktree root (one path segment). */
  repoKey: string;
  /** Folder name for the run (one path segment); also names git's admin dir for the worktree. */
  runShortId: string;
  /** Wanted branch name; `-2`, `-3`, … is appended when it is taken. */
  branch: string;
  baseCommit: string;
  /** Recorded by `git worktree lock`; shown by `git worktree list`. */
  reason: string;
}

/**
 * Most branch names tried per create (`<branch>`, `<branch>-2`, … `<branch>-50`). Run branches
 * carry a unique run id, so more than a few collisions means something else is wrong.
 */
export const MAX_BRANCH_ATTEMPTS = 50;

/** stderr of `git branch` when the branch exists, or appeared between git's check and its ref write. */
const BRANCH_TAKEN = /a branch named '[^']*' already exists|cannot lock ref 'refs\/heads\/[^']*': reference already exists/;

export class WorktreeAllocator {
  private readonly git: GitRunner;
  private readonly worktreeRoot: string;

  constructor(opts: { git: GitRunner; worktreeRoot: string }) {
    if (!path.isAbsolute(opts.worktreeRoot)) {
      throw new AppError('INVALID_INPUT', `The worktree folder must be an absolute path, not ${opts.worktreeRoot}.`);
    }
    this.git = opts.git;
    this.worktreeRoot = opts.worktreeRoot;
  }

  /**
   * Checks out baseCommit on a new branch in `<worktreeRoot>/<repoKey>/<runShortId>`, locked.
   * Several creates of one repository may run at once: each one writes only its own branch ref
   * (git locks it) and its own admin dir, and the runner retries any lock it finds held. If the
   * checkout fails, the branch it made is deleted again (only while it still points at the base).
   */
  async create(req: WorktreeRequest): Promise<{ path: string; branch: string }> {
    assertSegment(req.repoKey, 'repository key');
    assertSegment(req.runShortId, 'run id');
    if (req.baseCommit === '' || req.baseCommit.startsWith('-')) {
      throw new AppError('INVALID_INPUT', `"${req.baseCommit}" is not a commit to start a run from.`);
    }
    const { repo, target } = await this.target(req.repoPath, req.repoKey, req.runShortId);

    const base = await this.resolveCommit(repo, req.baseCommit);
    const branch = await this.createBranch(repo, req.branch, base);
    try {
      await this.git.run(['worktree', 'add', '--lock', '--reason', req.reason, target, branch], {
        cwd: repo,
        // Do not download Git LFS content for every run (and do not fail when git-lfs is missing).
        env: { GIT_LFS_SKIP_SMUDGE: '1' },
      });
    } catch (err) {
      // Take back the branch made a moment ago, only if it still points at the base (so holds no work).
      await this.git.run(['update-ref', '-d', `refs/heads/${branch}`, base], { cwd: repo }).catch(() => undefined);
      throw err;
    }
    return { path: target, branch };
  }

  /**
   * Creates `<wanted>`, or `<wanted>-2`, `-3`, … when taken, at base; returns the name created.
   * A separate `git branch` rather than `worktree add -b`: the latter creates the branch before it
   * checks the other worktrees, so a failure there would leave a branch behind and block a retry.
   * `git branch` never moves an existing branch (no -f), and git's ref lock settles races.
   */
  /** Checks out an existing branch (made by the app, e.g. a composed result) in a new locked worktree. */
  async checkoutExisting(req: { repoPath: string; repoKey: string; runShortId: string; branch: string; reason: string }): Promise<{ path: string; branch: string }> {
    assertSegment(req.repoKey, 'repository key');
    assertSegment(req.runShortId, 'run id');
    const { repo, target } = await this.target(req.repoPath, req.repoKey, req.runShortId);
    await this.git.run(['worktree', 'add', '--lock', '--reason', req.reason, target, req.branch], { cwd: repo, env: { GIT_LFS_SKIP_SMUDGE: '1' } });
    return { path: target, branch: req.branch };
  }

  /** `<worktreeRoot>/<repoKey>/<runShortId>`, refused when inside the repository or already present. */
  private async target(repoPath: string, repoKey: string, runShortId: string): Promise<{ repo: string; target: string }> {
    const repo = await realpathOr(repoPath, `No repository folder at ${repoPath}.`);
    const parent = path.join(this.worktreeRoot, repoKey);
    await mkdir(parent, { recursive: true });
    const target = path.join(await realpath(parent), runShortId);
    if (isInside(target, repo)) {
      throw new AppError('INVALID_INPUT', `Worktrees must live outside the repository, but ${target} is inside ${repo}.`);
    }
    if (await exists(target)) {
      throw new AppError('INVALID_INPUT', `A folder already exists at ${target}; Switchyard will not reuse or overwrite it. Move it away, then start the run again.`);
    }
    return { repo, target };
  }

  private async createBranch(repo: string, wanted: string, base: string): Promise<string> {
    if (wanted.startsWith('-')) throw new AppError('INVALID_INPUT', `"${wanted}" is not a valid branch name.`);
    for (let attempt = 1; attempt <= MAX_BRANCH_ATTEMPTS; attempt++) {
      const branch = attempt === 1 ? wanted : `${wanted}-${attempt}`;
      try {
        // --no-track: never write upstream config (config.lock is shared by every worktree).
        await this.git.run(['branch', '--no-track', branch, base], { cwd: repo });
        return branch;
      } catch (err) {
        if (!BRANCH_TAKEN.test(gitStderrOf(err) ?? '')) throw err;
      }
    }
    throw new AppError('LIMIT_EXCEEDED', `Branches ${wanted} to ${wanted}-${MAX_BRANCH_ATTEMPTS} all exist already; delete some old run branches, then try again.`);
  }

  private async resolveCommit(repo: string, rev: string): Promise<string> {
    const { stdout, code } = await this.git.run(['rev-parse', '--verify', '-q', `${rev}^{commit}`], { cwd: repo, readOnly: true, allowedExitCodes: [0, 1] });
    if (code !== 0) throw new AppError('GIT_FAILED', `The base commit ${rev} does not exist in ${repo}.`);
    return stdout.trim();
  }

  /** Every worktree git knows for the repository, the main one first. */
  async list(repoPath: string): Promise<WorktreeEntry[]> {
    const { stdout } = await this.git.run(['worktree', 'list', '--porcelain', '-z'], { cwd: repoPath, readOnly: true });
    return parseWorktreeList(stdout);
  }
}

function assertSegment(value: string, what: string): void {
  if (value === '' || value === '.' || value === '..' || /[/\\\0]/.test(value)) {
    throw new AppError('INVALID_INPUT', `The ${what} "${value}" cannot be used as a folder name.`);
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    },
  );
}

async function realpathOr(p: string, message: string): Promise<string> {
  try {
    return await realpath(p);
  } catch (err) {
    throw new AppError('PATH_NOT_FOUND', message, { cause: err });
  }
}
