// Contract handlers for review, compare, checks, merge and the run lifecycle: each picks its service.
import type { CheckResult } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { RunId, ThreadId } from '../shared/ids';
import type { ChecksRepo, CheckRecord } from './checks/checks-repo';
import type { ChecksService } from './checks/checks-service';
import { loadSwitchyardConfig } from './checks/switchyard-config';
import type { GitRunner } from './git/git-runner';
import type { LifecycleService } from './lifecycle/lifecycle-service';
import type { MergeService } from './merge/merge-service';
import type { ReviewService } from './review/review-service';
import type { DerivedRuns } from './threads/derived-runs';
import type { Handlers } from './rpc/serve';
import type { RunsRepo } from './store/runs-repo';
import type { ThreadsRepo } from './store/threads-repo';

export interface ReviewHandlerDeps {
  git: GitRunner;
  review: ReviewService;
  checks: ChecksService;
  checksRepo: ChecksRepo;
  merges: MergeService;
  lifecycle: LifecycleService;
  runs: RunsRepo;
  threads: ThreadsRepo;
  derived: DerivedRuns;
  isLive: (runId: string) => boolean;
  log: (message: string, err?: unknown) => void;
}

type ReviewCalls =
  | 'review.runDiff' | 'review.filePatch' | 'review.markViewed'
  | 'compare.matrix' | 'compare.fileVersions' | 'compare.diffBetween' | 'compare.scorecard'
  | 'checks.config' | 'checks.run' | 'checks.cancel' | 'checks.list'
  | 'merge.run' | 'merge.undo' | 'merge.list'
  | 'runs.describeLoss' | 'runs.archive' | 'runs.restore' | 'runs.delete' | 'runs.listArchived'
  | 'threads.compose' | 'merge.resolveWithAgent';

export function toCheckResult(record: CheckRecord): CheckResult {
  return { ...record };
}

export function createReviewHandlers(d: ReviewHandlerDeps): Pick<Handlers, ReviewCalls> {
  const threadOf = (threadId: ThreadId) => {
    const thread = d.threads.get(threadId);
    if (!thread) throw new AppError('NOT_FOUND', 'No such thread.');
    return thread;
  };
  const runForChecks = (runId: RunId) => {
    const run = d.runs.get(runId);
    if (!run) throw new AppError('NOT_FOUND', 'No such run.');
    if (run.archivedAt !== null || !run.worktreePath) throw new AppError('INVALID_INPUT', 'This run has no worktree; restore it to run its checks.');
    if (d.isLive(runId)) throw new AppError('INVALID_INPUT', 'This run is still running; checks run once it has finished.');
    const thread = threadOf(run.threadId);
    return { runId, worktreePath: run.worktreePath, repoPath: thread.repoPath, baseCommit: thread.baseCommit };
  };
  return {
    'review.runDiff': ({ runId }) => d.review.runDiff(runId),
    'review.filePatch': (input) => d.review.filePatch(input),
    'review.markViewed': async (input) => {
      await d.review.markViewed(input);
      return {};
    },
    'compare.matrix': ({ threadId, runIds }) => d.review.matrix(threadId, runIds),
    'compare.fileVersions': ({ threadId, path, runIds }) => d.review.fileVersions(threadId, path, runIds),
    'compare.diffBetween': (input) => d.review.diffBetween(input),
    'compare.scorecard': async ({ threadId }) => d.review.scorecard(threadId),
    'checks.config': async ({ threadId }) => {
      const thread = threadOf(threadId);
      try {
        const config = await loadSwitchyardConfig(d.git, { repoPath: thread.repoPath, commit: thread.baseCommit });
        return { checks: config.checks.map((c) => c.name), setup: config.setup.map((s) => s.command), error: null };
      } catch (err) {
        return { checks: [], setup: [], error: err instanceof Error ? err.message : String(err) };
      }
    },
    'checks.run': async ({ runId, only }) => {
      const run = runForChecks(runId);
      if (d.checks.isRunning(runId)) throw new AppError('INVALID_INPUT', 'Checks are already running for this run.');
      void d.checks.runChecks(run, only).catch((err: unknown) => d.log(`checks of run ${runId} failed`, err));
      return { started: true };
    },
    'checks.cancel': async ({ runId }) => {
      d.checks.cancel(runId);
      return {};
    },
    'checks.list': async ({ runId }) => d.checksRepo.listByRun(runId).map(toCheckResult),
    'merge.run': (input) => d.merges.merge(input),
    'merge.undo': ({ mergeId }) => d.merges.undo(mergeId),
    'merge.list': async ({ threadId }) => d.merges.list(threadId),
    'runs.describeLoss': ({ runId }) => d.lifecycle.describeLoss(runId),
    'runs.archive': ({ runId }) => d.lifecycle.archive(runId),
    'runs.restore': ({ runId }) => d.lifecycle.restore(runId),
    'runs.delete': ({ runId }) => d.lifecycle.delete(runId),
    'runs.listArchived': async ({ repoId }) => d.lifecycle.listArchived(repoId),
    'threads.compose': (input) => d.derived.compose(input),
    'merge.resolveWithAgent': (input) => d.derived.resolveConflicts(input),
  };
}
