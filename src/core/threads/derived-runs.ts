// Runs the app derives from other runs of a thread: a composed run (files or hunks picked from
// several runs, committed onto a new branch by the app) and a conflict-resolution run (an agent
// started in a worktree where the base branch is merging a run's branch, conflicts left in place).
import type { Run, Thread } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ProfileId, RunId, ThreadId } from '../../shared/ids';
import { runBranchName } from '../git/branch-names';
import type { GitRunner } from '../git/git-runner';
import { resolveBranchCommit } from '../git/repo-inspector';
import type { WorktreeAllocator } from '../git/worktree-allocator';
import { newId, shortId } from '../ids';
import { snapshotRun } from '../lifecycle/backup-ref';
import { commitRunWork } from '../merge/commit-work';
import type { ProfileService } from '../profile-service';
import { repoKey } from '../repos/repo-service';
import { composeBranch } from '../review/compose';
import type { ConnectionHub } from '../rpc/connection-hub';
import type { RunSupervisor } from '../runs/run-supervisor';
import type { RunsRepo } from '../store/runs-repo';
import type { ThreadsRepo } from '../store/threads-repo';

export interface DerivedRunsDeps {
  git: GitRunner;
  runs: RunsRepo;
  threads: ThreadsRepo;
  profiles: ProfileService;
  allocator: WorktreeAllocator;
  supervisor: RunSupervisor;
  hub: ConnectionHub;
  now: () => number;
}

export class DerivedRuns {
  constructor(private readonly deps: DerivedRunsDeps) {}

  /** A new run whose branch holds exactly the picked files (or hunks) of other runs, on the thread's base. */
  async compose(req: { threadId: ThreadId; picks: Array<{ path: string; fromRunId: RunId; hunks?: number[] }>; message?: string }): Promise<Run> {
    const thread = this.thread(req.threadId);
    const sources = new Map<string, Run>();
    for (const pick of req.picks) {
      const source = this.deps.runs.get(pick.fromRunId);
      if (!source || source.threadId !== thread.id) throw new AppError('INVALID_INPUT', 'Every pick must come from a run of this thread.');
      if (source.archivedAt !== null || !source.worktreePath) throw new AppError('INVALID_INPUT', `Run #${source.index} is archived; restore it to pick from it.`);
      if (this.deps.supervisor.isLive(source.id)) throw new AppError('INVALID_INPUT', `Run #${source.index} is still running; its files are not final. Pick from it once it has finished.`);
      sources.set(source.id, source);
    }
    const id = newId() as RunId;
    const fromList = [...sources.values()].sort((a, b) => a.index - b.index).map((r) => `#${r.index}`).join(', ');
    const composed = await composeBranch(this.deps.git, {
      repoPath: thread.repoPath,
      baseCommit: thread.baseCommit,
      picks: req.picks.map((p) => ({ path: p.path, fromWorktree: sources.get(p.fromRunId)!.worktreePath, hunks: p.hunks })),
      branch: runBranchName(shortId(id), `composed ${thread.prompt}`),
      message: req.message?.trim() || `Composed from runs ${fromList}: ${thread.title}`,
    });
    const worktree = await this.deps.allocator.checkoutExisting({
      repoPath: thread.repoPath,
      repoKey: repoKey(thread.repoPath),
      runShortId: shortId(id),
      branch: composed.branch,
      reason: `switchyard run ${id}`,
    });
    const now = this.deps.now();
    const run = this.insert(thread, {
      id, profileId: 'composed' as ProfileId, profileName: `Composed from ${fromList}`, branch: worktree.branch, worktreePath: worktree.path,
      status: 'exited', exitCode: 0, startedAt: now, endedAt: now,
    });
    return this.deps.supervisor.refreshDiff(run.id).catch(() => run);
  }

  /** Starts an agent in a worktree where the base branch is merging the run's branch, conflicts in place. */
  async resolveConflicts(req: { runId: RunId; profileId: ProfileId }): Promise<Run> {
    const source = this.deps.runs.get(req.runId);
    if (!source) throw new AppError('NOT_FOUND', 'No such run.');
    if (this.deps.supervisor.isLive(source.id)) throw new AppError('INVALID_INPUT', 'This run is still running; stop it or let it finish first.');
    if (source.archivedAt !== null || !source.worktreePath) throw new AppError('INVALID_INPUT', 'This run is archived; restore it first.');
    const thread = this.thread(source.threadId);
    const profile = this.deps.profiles.get(req.profileId);
    const { git } = this.deps;
    await snapshotRun(git, { repoPath: thread.repoPath, worktreePath: source.worktreePath, runId: source.id, message: 'Switchyard backup before conflict resolution' });
    await commitRunWork(git, { repoPath: thread.repoPath, worktreePath: source.worktreePath, message: thread.prompt });

    const id = newId() as RunId;
    const baseTip = await resolveBranchCommit(git, thread.repoPath, thread.baseBranch);
    const worktree = await this.deps.allocator.create({
      repoPath: thread.repoPath, repoKey: repoKey(thread.repoPath), runShortId: shortId(id),
      branch: runBranchName(shortId(id), `resolve ${thread.prompt}`), baseCommit: baseTip, reason: `switchyard run ${id}`,
    });
    await git.run(['merge', '--no-ff', '--no-commit', source.branch], { cwd: worktree.path, allowedExitCodes: [0, 1] });
    const conflicted = (await git.run(['diff', '--name-only', '-z', '--diff-filter=U'], { cwd: worktree.path, readOnly: true })).stdout.split('\0').filter(Boolean);
    const prompt =
      `Resolve the merge conflicts between ${thread.baseBranch} and the changes of run #${source.index} (task: ${thread.title}). ` +
      `Conflicted files: ${conflicted.join(', ') || 'none (check the merged result)'}. Keep the intent of both sides, remove every conflict marker, ` +
      'and make the project build and pass its tests. Do not commit: Switchyard commits the result.';
    const run = this.insert(thread, {
      id, profileId: profile.id, profileName: `${profile.name} (resolving #${source.index})`, branch: worktree.branch, worktreePath: worktree.path,
      status: 'starting', exitCode: null, startedAt: null, endedAt: null,
    });
    void this.deps.supervisor.launch(run, { repoPath: thread.repoPath, repoKey: repoKey(thread.repoPath), baseCommit: baseTip, prompt, profile, worktree });
    return run;
  }

  private thread(threadId: ThreadId): Thread {
    const thread = this.deps.threads.get(threadId);
    if (!thread) throw new AppError('NOT_FOUND', 'No such thread.');
    return thread;
  }

  private insert(thread: Thread, fields: Pick<Run, 'id' | 'profileId' | 'profileName' | 'branch' | 'worktreePath' | 'status' | 'exitCode' | 'startedAt' | 'endedAt'>): Run {
    const index = Math.max(0, ...this.deps.runs.listByThread(thread.id).map((r) => r.index)) + 1;
    const run: Run = {
      ...fields, threadId: thread.id, index, failure: null, stoppedByUser: false, createdAt: this.deps.now(), diff: null, archivedAt: null, activity: null, usage: null,
    };
    this.deps.runs.insert(run);
    this.deps.hub.emit('runs.changed', run);
    return run;
  }
}
