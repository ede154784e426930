// Builds the review side of the core (review, checks, merge, lifecycle) from the shared services,
// and runs its start-up duties: interrupted checks, merges left pending by a crash, worktree drift.
import type Database from 'better-sqlite3';
import type { Drift, Run } from '../shared/contract';
import { OutputThrottle } from './checks/output-throttle';
import { AppError } from '../shared/errors';
import { ChecksRepo } from './checks/checks-repo';
import { ChecksService } from './checks/checks-service';
import type { FaultHook } from './faults';
import { PortBlockAllocator } from './checks/port-blocks';
import type { GitRunner } from './git/git-runner';
import { LifecycleService } from './lifecycle/lifecycle-service';
import { reconcileWorktrees } from './lifecycle/reconcile';
import { settlePendingMerges } from './merge/merge-recorder';
import { MergeService } from './merge/merge-service';
import { MergesRepo } from './merge/merges-repo';
import { ReviewService } from './review/review-service';
import { toCheckResult, type ReviewHandlerDeps } from './review-handlers';
import type { ConnectionHub } from './rpc/connection-hub';
import { ReviewMarksRepo } from './store/review-marks-repo';
import type { RunsRepo } from './store/runs-repo';
import type { ThreadsRepo } from './store/threads-repo';
import type { PtyHost } from './terminals/pty-host';
import type { DerivedRuns } from './threads/derived-runs';

export interface ReviewSideDeps {
  db: Database.Database;
  git: GitRunner;
  hub: ConnectionHub;
  ptyHost: PtyHost;
  runs: RunsRepo;
  threads: ThreadsRepo;
  worktreeRoot: string;
  baseEnv: NodeJS.ProcessEnv;
  isLive: (runId: string) => boolean;
  derived: DerivedRuns;
  now: () => number;
  log: (message: string, err?: unknown) => void;
  /** Fault-injection seam, tests only: passed to the merge service. */
  onFault?: FaultHook | undefined;
}

export interface ReviewSide {
  handlerDeps: ReviewHandlerDeps;
  startUp: () => Promise<void>;
  checks: ChecksService;
  /** Setup commands and the port block of a new run (see RunSupervisorDeps.prepare). */
  prepareWorktree: (run: Run, worktreePath: string, write: (data: string) => void) => Promise<Record<string, string>>;
  /** A run finished by itself: run the repository's checks in its worktree, if it has any. */
  runFinished: (run: Run) => void;
  /** What start-up reconciliation found out of step (reported, never acted on). */
  drift: () => Drift[];
}

export function createReviewSide(d: ReviewSideDeps): ReviewSide {
  const checksRepo = new ChecksRepo(d.db);
  const liveOutput = new OutputThrottle((e) => d.hub.emit('checks.output', e));
  let drift: Drift[] = [];
  const mergesRepo = new MergesRepo(d.db);
  const checks = new ChecksService({
    git: d.git,
    host: d.ptyHost,
    repo: checksRepo,
    ports: new PortBlockAllocator(),
    baseEnv: d.baseEnv,
    now: d.now,
    onEvent: (event) => {
      if (event.type === 'output') return liveOutput.push(event.checkId, event.runId, event.data);
      if (event.type === 'finished') liveOutput.flush(event.record.id);
      d.hub.emit('checks.changed', toCheckResult(event.record));
    },
  });
  const review = new ReviewService({ git: d.git, runs: d.runs, threads: d.threads, marks: new ReviewMarksRepo(d.db), checks: checksRepo, now: d.now });
  const lifecycle = new LifecycleService({ git: d.git, runs: d.runs, threads: d.threads, hub: d.hub, worktreeRoot: d.worktreeRoot, isLive: d.isLive, now: d.now });
  const merges = new MergeService({ git: d.git, runs: d.runs, threads: d.threads, merges: mergesRepo, lifecycle, isLive: d.isLive, log: d.log, onFault: d.onFault });

  const startUp = async (): Promise<void> => {
    checksRepo.markRunningAsInterrupted(d.now());
    await settlePendingMerges(d.git, mergesRepo, d.now).catch((err: unknown) => d.log('settling merges left pending failed', err));
    const byRepo = new Map<string, Array<{ runId: string; worktreePath: string; branch: string; archived: boolean }>>();
    for (const run of d.runs.listWithWorktrees()) {
      const repoPath = d.threads.get(run.threadId)?.repoPath;
      if (!repoPath) continue;
      const list = byRepo.get(repoPath) ?? [];
      list.push({ runId: run.id, worktreePath: run.worktreePath, branch: run.branch, archived: run.archivedAt !== null });
      byRepo.set(repoPath, list);
    }
    if (byRepo.size === 0) return;
    const report = await reconcileWorktrees(d.git, { worktreeRoot: d.worktreeRoot, repos: [...byRepo].map(([repoPath, runs]) => ({ repoPath, runs })) });
    drift = report.drift;
    for (const item of drift) d.log(`worktree drift (nothing was deleted): ${item.message}`);
  };

  const forChecks = (run: Run, worktreePath = run.worktreePath) => {
    const thread = d.threads.get(run.threadId);
    if (!thread) throw new AppError('NOT_FOUND', 'The run\'s thread is gone.');
    return { runId: run.id, worktreePath, repoPath: thread.repoPath, baseCommit: thread.baseCommit };
  };
  return {
    checks,
    startUp,
    drift: () => drift,
    prepareWorktree: (run, worktreePath, write) => checks.prepareWorktree(forChecks(run, worktreePath), write),
    runFinished: (run) => {
      if (run.status !== 'exited' || !run.worktreePath || checks.isRunning(run.id)) return;
      void checks.runChecks(forChecks(run)).catch((err: unknown) => d.log(`checks of run ${run.id} failed`, err));
    },
    handlerDeps: { git: d.git, review, checks, checksRepo, merges, lifecycle, runs: d.runs, threads: d.threads, derived: d.derived, isLive: d.isLive, log: d.log },
  };
}
