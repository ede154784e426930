// Threads: validates a fan-out request, records the thread, its first turn and its runs, and hands
// each run to the supervisor so all of them come up concurrently.
import type { ParsedInput, Profile, Run, Thread, ThreadWithRuns } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { RepoId, RunId, ThreadId } from '../../shared/ids';
import { resolveBranchCommit } from '../git/repo-inspector';
import { runBranchName } from '../git/branch-names';
import type { GitRunner } from '../git/git-runner';
import type { ProfileService } from '../profile-service';
import type { RepoService } from '../repos/repo-service';
import { repoKey } from '../repos/repo-service';
import type { RunSupervisor } from '../runs/run-supervisor';
import type { ConnectionHub } from '../rpc/connection-hub';
import type { RunsRepo } from '../store/runs-repo';
import type { ThreadsRepo } from '../store/threads-repo';
import type { TurnsRepo } from '../store/turns-repo';
import { newId, shortId } from '../ids';

/** Longest thread title shown in lists, in characters. */
const TITLE_MAX_CHARS = 80;

export interface ThreadServiceDeps {
  git: GitRunner;
  repos: RepoService;
  profiles: ProfileService;
  threads: ThreadsRepo;
  runs: RunsRepo;
  turns: TurnsRepo;
  supervisor: RunSupervisor;
  hub: ConnectionHub;
  now: () => number;
}

export function titleOf(prompt: string): string {
  const line = prompt.trim().split('\n')[0]?.trim() ?? '';
  return line.length > TITLE_MAX_CHARS ? `${line.slice(0, TITLE_MAX_CHARS - 1)}…` : line;
}

export class ThreadService {
  /** Launches in flight, so tests and shutdown can wait for them. */
  private readonly launching = new Set<Promise<void>>();

  constructor(private readonly deps: ThreadServiceDeps) {}

  async create(input: ParsedInput<'threads.create'>): Promise<ThreadWithRuns> {
    const repo = this.deps.repos.get(input.repoId);
    const profiles = input.agents.map((a) => ({ profile: this.deps.profiles.get(a.profileId), count: a.count }));
    const baseCommit = await resolveBranchCommit(this.deps.git, repo.path, input.baseBranch);
    const now = this.deps.now();

    const thread: Thread = {
      id: newId() as ThreadId,
      repoId: repo.id,
      repoPath: repo.path,
      prompt: input.prompt,
      title: titleOf(input.prompt),
      baseBranch: input.baseBranch,
      baseCommit,
      createdAt: now,
    };
    this.deps.threads.insert(thread);
    this.deps.turns.insert({ id: newId(), threadId: thread.id, runId: null, prompt: input.prompt, createdAt: now });

    const planned: Array<{ run: Run; profile: Profile }> = [];
    let index = 1;
    for (const { profile, count } of profiles) {
      for (let i = 0; i < count; i++) {
        const id = newId() as RunId;
        const run: Run = {
          id,
          threadId: thread.id,
          profileId: profile.id,
          profileName: profile.name,
          index: index++,
          branch: runBranchName(shortId(id), input.prompt),
          worktreePath: '',
          status: 'starting',
          exitCode: null,
          failure: null,
          stoppedByUser: false,
          archivedAt: null,
          activity: null,
          usage: null,
          createdAt: now,
          startedAt: null,
          endedAt: null,
          diff: null,
        };
        this.deps.runs.insert(run);
        planned.push({ run, profile });
      }
    }
    this.deps.hub.emit('threads.changed', thread);
    for (const { run } of planned) this.deps.hub.emit('runs.changed', run);

    const key = repoKey(repo.path);
    for (const { run, profile } of planned) {
      const p = this.deps.supervisor.launch(run, { repoPath: repo.path, repoKey: key, baseCommit, prompt: input.prompt, profile });
      this.launching.add(p);
      void p.finally(() => this.launching.delete(p));
    }
    return { thread, runs: planned.map((p) => p.run) };
  }

  list(repoId?: RepoId): Thread[] {
    return this.deps.threads.list(repoId);
  }

  get(threadId: ThreadId): ThreadWithRuns {
    const thread = this.deps.threads.get(threadId);
    if (!thread) throw new AppError('NOT_FOUND', 'No such thread.');
    return { thread, runs: this.deps.runs.listByThread(threadId) };
  }

  /** Continues an agent CLI run's last session in its worktree (see RunSupervisor.resume). */
  resume(runId: RunId): Promise<Run> {
    const run = this.deps.runs.get(runId);
    if (!run) throw new AppError('NOT_FOUND', 'No such run.');
    const thread = this.deps.threads.get(run.threadId);
    if (!thread) throw new AppError('NOT_FOUND', 'The run\'s thread is gone.');
    return this.deps.supervisor.resume(runId, { repoPath: thread.repoPath, repoKey: repoKey(thread.repoPath), baseCommit: thread.baseCommit });
  }

  /** Resolves when every launch started so far has finished (spawned or failed). */
  async settled(): Promise<void> {
    while (this.launching.size > 0) await Promise.allSettled([...this.launching]);
  }
}
