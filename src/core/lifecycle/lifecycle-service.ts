// Archive, restore and delete runs through the RunArchiver (backup ref first, guarded delete), and
// keep the runs table in step. Refuses to touch a run that is still running.
import type { Run } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { RepoId, RunId } from '../../shared/ids';
import type { GitRunner } from '../git/git-runner';
import type { ConnectionHub } from '../rpc/connection-hub';
import type { RunsRepo } from '../store/runs-repo';
import type { ThreadsRepo } from '../store/threads-repo';
import { backupRefName } from './backup-ref';
import type { LossReport } from './loss-report';
import { RunArchiver, type RunLocation } from './run-archiver';

export interface LifecycleDeps {
  git: GitRunner;
  runs: RunsRepo;
  threads: ThreadsRepo;
  hub: ConnectionHub;
  worktreeRoot: string;
  isLive: (runId: string) => boolean;
  now: () => number;
}

export class LifecycleService {
  private readonly archiver: RunArchiver;

  constructor(private readonly deps: LifecycleDeps) {
    this.archiver = new RunArchiver({ git: deps.git, worktreeRoot: deps.worktreeRoot, isOwned: (p) => deps.runs.ownsWorktree(p) });
  }

  describeLoss(runId: RunId): Promise<LossReport> {
    return this.archiver.describeLoss(this.location(this.get(runId)));
  }

  async archive(runId: RunId): Promise<Run> {
    const run = this.finished(runId);
    if (run.archivedAt !== null) return run;
    await this.archiver.archive(this.location(run));
    return this.patch(runId, { archivedAt: this.deps.now() });
  }

  async restore(runId: RunId): Promise<Run> {
    const run = this.get(runId);
    if (run.archivedAt === null) return run;
    await this.archiver.restore(this.location(run));
    return this.patch(runId, { archivedAt: null });
  }

  async delete(runId: RunId): Promise<{ run: Run; branchDeleted: boolean; backupRef: string }> {
    const run = this.finished(runId);
    const result = await this.archiver.deleteRun(this.location(run));
    const updated = this.patch(runId, { archivedAt: run.archivedAt ?? this.deps.now() });
    return { run: updated, branchDeleted: result.branchDeleted, backupRef: backupRefName(runId) };
  }

  listArchived(repoId: RepoId): Run[] {
    return this.deps.runs.listArchived(repoId);
  }

  private finished(runId: RunId): Run {
    const run = this.get(runId);
    if (this.deps.isLive(runId)) throw new AppError('INVALID_INPUT', 'This run is still running; stop it first.');
    if (!run.worktreePath) throw new AppError('INVALID_INPUT', 'This run never got a worktree; there is nothing to archive.');
    return run;
  }

  private location(run: Run): RunLocation {
    const thread = this.deps.threads.get(run.threadId);
    if (!thread) throw new AppError('NOT_FOUND', 'The run\'s thread is gone.');
    return { id: run.id, repoPath: thread.repoPath, worktreePath: run.worktreePath, branch: run.branch, baseBranch: thread.baseBranch };
  }

  private get(runId: RunId): Run {
    const run = this.deps.runs.get(runId);
    if (!run) throw new AppError('NOT_FOUND', 'No such run.');
    return run;
  }

  private patch(runId: RunId, patch: Partial<Omit<Run, 'id' | 'threadId'>>): Run {
    const run = this.deps.runs.update(runId, patch);
    this.deps.hub.emit('runs.changed', run);
    return run;
  }
}
