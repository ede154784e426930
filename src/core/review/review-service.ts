// Review and compare as the contract offers them: resolves runs to worktrees and their thread's base,
// adds "viewed" marks to a run's diff, and ranks a thread's runs for the scorecard.
import { lstat } from 'node:fs/promises';
import type { CompareMatrix, FilePatch, FileVersions, Run, RunDiff, ScorecardRow, Thread } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { RunId, ThreadId } from '../../shared/ids';
import type { ChecksRepo } from '../checks/checks-repo';
import type { GitRunner } from '../git/git-runner';
import type { ReviewMarksRepo } from '../store/review-marks-repo';
import type { RunsRepo } from '../store/runs-repo';
import type { ThreadsRepo } from '../store/threads-repo';
import { resolveMergeBase } from './changes';
import { compareRuns } from './compare';
import { assertRepoPath, confinedPath } from './paths';
import { diffBetweenRuns, readFileVersions } from './file-versions';
import { HARD_MAX_PATCH_BYTES, readFilePatch, readRunDiff } from './run-diff';
import { buildScorecard } from './scorecard';

export interface ReviewServiceDeps {
  git: GitRunner;
  runs: RunsRepo;
  threads: ThreadsRepo;
  marks: ReviewMarksRepo;
  checks: ChecksRepo;
  now: () => number;
}

export class ReviewService {
  constructor(private readonly deps: ReviewServiceDeps) {}

  async runDiff(runId: RunId): Promise<RunDiff> {
    const { run, thread } = this.withWorktree(runId);
    const diff = await readRunDiff(this.deps.git, { worktreePath: run.worktreePath, baseBranch: thread.baseBranch });
    const marks = this.deps.marks.byRun(runId);
    const files = await Promise.all(
      diff.files.map(async (f) => {
        const mark = marks.get(f.path);
        // A path that now leads out through a link is simply not "viewed" (the mark was made before the link).
        const viewed = mark !== undefined && mark === (await fingerprint(run.worktreePath, f.path).catch(() => null));
        return { ...f, viewed };
      }),
    );
    return { ...diff, files };
  }

  async filePatch(req: { runId: RunId; path: string; oldPath?: string; allowLarge?: boolean }): Promise<FilePatch> {
    const { run, thread } = this.withWorktree(req.runId);
    const mergeBase = await resolveMergeBase(this.deps.git, run.worktreePath, thread.baseBranch);
    return readFilePatch(this.deps.git, {
      worktreePath: run.worktreePath,
      mergeBase,
      path: req.path,
      oldPath: req.oldPath,
      maxBytes: req.allowLarge ? HARD_MAX_PATCH_BYTES : undefined,
    });
  }

  async markViewed(req: { runId: RunId; path: string; viewed: boolean }): Promise<void> {
    const { run } = this.withWorktree(req.runId);
    assertRepoPath(req.path); // no '..', no absolute path, nothing under .git
    if (!req.viewed) return this.deps.marks.clear(req.runId, req.path);
    this.deps.marks.mark(req.runId, req.path, await fingerprint(run.worktreePath, req.path), this.deps.now());
  }

  async matrix(threadId: ThreadId, runIds: RunId[]): Promise<CompareMatrix> {
    const { thread, runs } = this.runsOfThread(threadId, runIds);
    return compareRuns(this.deps.git, runs.map((r) => ({ runId: r.id, worktreePath: r.worktreePath })), thread.baseBranch);
  }

  async fileVersions(threadId: ThreadId, path: string, runIds: RunId[]): Promise<FileVersions> {
    const { thread, runs } = this.runsOfThread(threadId, runIds);
    const versions = await readFileVersions(this.deps.git, {
      repoPath: thread.repoPath,
      baseCommit: thread.baseCommit,
      path,
      runs: runs.map((r) => ({ runId: r.id, worktreePath: r.worktreePath })),
    });
    return { path, ...versions };
  }

  diffBetween(req: { runA: RunId; runB: RunId; path: string }) {
    const a = this.withWorktree(req.runA).run;
    const b = this.withWorktree(req.runB).run;
    if (a.threadId !== b.threadId) throw new AppError('INVALID_INPUT', 'Both runs must belong to the same thread.');
    return diffBetweenRuns(this.deps.git, { fileA: { worktreePath: a.worktreePath, path: req.path }, fileB: { worktreePath: b.worktreePath, path: req.path } });
  }

  scorecard(threadId: ThreadId): ScorecardRow[] {
    const runs = this.deps.runs.listByThread(threadId).filter((r) => r.archivedAt === null);
    const latest = this.deps.checks.latestByRuns(runs.map((r) => r.id));
    return buildScorecard(
      runs.map((r) => ({ runId: r.id, diff: r.diff, checks: (latest.get(r.id) ?? []).map((c) => ({ name: c.name, status: c.status })) })),
    );
  }

  private withWorktree(runId: RunId): { run: Run; thread: Thread } {
    const run = this.deps.runs.get(runId);
    if (!run) throw new AppError('NOT_FOUND', 'No such run.');
    if (run.archivedAt !== null) throw new AppError('INVALID_INPUT', 'This run is archived; restore it to review its files.');
    if (!run.worktreePath) throw new AppError('INVALID_INPUT', 'This run has no worktree (it failed before one was made).');
    const thread = this.deps.threads.get(run.threadId);
    if (!thread) throw new AppError('NOT_FOUND', 'The run\'s thread is gone.');
    return { run, thread };
  }

  private runsOfThread(threadId: ThreadId, runIds: RunId[]): { thread: Thread; runs: Run[] } {
    const thread = this.deps.threads.get(threadId);
    if (!thread) throw new AppError('NOT_FOUND', 'No such thread.');
    const runs = runIds.map((id) => this.withWorktree(id).run);
    if (runs.some((r) => r.threadId !== threadId)) throw new AppError('INVALID_INPUT', 'Every run compared must belong to this thread.');
    return { thread, runs };
  }
}

/**
 * A file's state for viewed marks: its size and modification time (any write changes it), or 'absent'.
 * The path is confined to the worktree first: a folder link must not lead the lstat outside it.
 */
async function fingerprint(worktreePath: string, path: string): Promise<string> {
  const info = await lstat(await confinedPath(worktreePath, path)).catch(() => null);
  return info ? `${info.size}:${Math.trunc(info.mtimeMs)}` : 'absent';
}
