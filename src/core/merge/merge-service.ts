// Merging a run as the user sees it: commit the run's finished work onto its branch (as the app),
// back it up, merge it into the thread's base branch with a record, and optionally archive the
// thread's other runs. Every refusal leaves the user's checkout and the base branch untouched.
import type { MergeOutcome, MergeRecord as WireMergeRecord } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { RunId, ThreadId } from '../../shared/ids';
import type { FaultHook } from '../faults';
import type { GitRunner } from '../git/git-runner';
import { newId } from '../ids';
import { snapshotRun } from '../lifecycle/backup-ref';
import type { LifecycleService } from '../lifecycle/lifecycle-service';
import type { RunsRepo } from '../store/runs-repo';
import type { ThreadsRepo } from '../store/threads-repo';
import { commitRunWork } from './commit-work';
import type { MergeMode } from './merge-engine';
import { recordedMerge, undoRecordedMerge } from './merge-recorder';
import type { MergesRepo } from './merges-repo';

export interface MergeServiceDeps {
  git: GitRunner;
  runs: RunsRepo;
  threads: ThreadsRepo;
  merges: MergesRepo;
  lifecycle: LifecycleService;
  isLive: (runId: string) => boolean;
  log: (message: string, err?: unknown) => void;
  /** Fault-injection seam (tests only), passed to the recorder: see FaultPoint 'merge.*'. */
  onFault?: FaultHook;
}

export class MergeService {
  constructor(private readonly deps: MergeServiceDeps) {}

  async merge(req: { runId: RunId; mode: MergeMode; message: string; archiveOthers?: boolean }): Promise<MergeOutcome> {
    const run = this.deps.runs.get(req.runId);
    if (!run) throw new AppError('NOT_FOUND', 'No such run.');
    if (this.deps.isLive(run.id)) throw new AppError('INVALID_INPUT', 'This run is still running; stop it (or let it finish) before merging.');
    if (run.archivedAt !== null || !run.worktreePath) throw new AppError('INVALID_INPUT', 'This run is archived; restore it before merging.');
    const thread = this.deps.threads.get(run.threadId);
    if (!thread) throw new AppError('NOT_FOUND', 'The run\'s thread is gone.');
    const message = req.message.trim() || thread.prompt;

    await snapshotRun(this.deps.git, { repoPath: thread.repoPath, worktreePath: run.worktreePath, runId: run.id, message: `Switchyard backup before merging run ${run.id}` });
    await commitRunWork(this.deps.git, { repoPath: thread.repoPath, worktreePath: run.worktreePath, message });
    const mergeId = newId();
    const { result } = await recordedMerge(this.deps.git, this.deps.merges, {
      mergeId,
      runId: run.id,
      threadId: thread.id,
      repoId: thread.repoId,
      repoPath: thread.repoPath,
      baseBranch: thread.baseBranch,
      runBranch: run.branch,
      mode: req.mode,
      message,
    }, { onFault: this.deps.onFault });
    if (result.kind !== 'merged') return toOutcome(result);
    if (req.archiveOthers) void this.archiveOthers(thread.id, run.id);
    return { kind: 'merged', mergeId, oldTip: result.oldTip, newTip: result.newTip, mode: result.mode, checkout: result.checkout };
  }

  async undo(mergeId: string): Promise<{ undone: boolean; message: string }> {
    const { result } = await undoRecordedMerge(this.deps.git, this.deps.merges, mergeId);
    if (result.kind === 'undone') return { undone: true, message: `The base branch is back at ${result.oldTip.slice(0, 8)}.` };
    return { undone: false, message: result.message };
  }

  list(threadId: ThreadId): WireMergeRecord[] {
    return this.deps.runs
      .listByThread(threadId)
      .flatMap((r) => this.deps.merges.listByRun(r.id))
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((m) => ({
        id: m.id, runId: m.runId, threadId: m.threadId, baseBranch: m.baseBranch, mode: m.mode, state: m.state,
        oldTip: m.oldTip, newTip: m.newTip, message: m.message, createdAt: m.createdAt, publishedAt: m.publishedAt, undoneAt: m.undoneAt,
      }));
  }

  /** After a merge, the losing runs are archived one by one (backup ref first), in the background. */
  private async archiveOthers(threadId: ThreadId, keep: RunId): Promise<void> {
    for (const other of this.deps.runs.listByThread(threadId)) {
      if (other.id === keep || other.archivedAt !== null || !other.worktreePath || this.deps.isLive(other.id)) continue;
      await this.deps.lifecycle.archive(other.id).catch((err: unknown) => this.deps.log(`archiving run ${other.id} after a merge failed`, err));
    }
  }
}

function toOutcome(result: Exclude<Awaited<ReturnType<typeof recordedMerge>>['result'], { kind: 'merged' }>): MergeOutcome {
  switch (result.kind) {
    case 'conflict':
      return { kind: 'conflict', files: result.files, message: result.message };
    case 'nothing-to-merge':
      return { kind: 'nothing-to-merge', message: result.message };
    case 'base-moved':
      return { kind: 'base-moved', message: result.message };
    case 'dirty-checkout':
      return { kind: 'dirty-checkout', path: result.path, files: result.files, message: result.message };
  }
}
