// Supervises runs: allocates each run's worktree, prepares it, starts its agent (a PTY, or the
// built-in agent's first turn) with its terminal stream open from the start, keeps its status true,
// and stops it. One run failing never touches another. The PTY side is pty-agent-runs.ts; prompts
// after the first, built-in turns and resume are run-prompts.ts; live-run bookkeeping is live-runs.ts.
import type { Profile, Run } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { RunId } from '../../shared/ids';
import type { GitRunner } from '../git/git-runner';
import type { WorktreeAllocator } from '../git/worktree-allocator';
import { shortId } from '../ids';
import type { ConnectionHub } from '../rpc/connection-hub';
import type { RunsRepo } from '../store/runs-repo';
import type { TurnsRepo } from '../store/turns-repo';
import type { PtyHost, PtySession } from '../terminals/pty-host';
import type { StreamClient } from '../terminals/terminal-stream';
import type { BuiltinRuns } from './builtin-runs';
import type { HookChannel } from './hook-channel';
import { LiveRuns } from './live-runs';
import { PtyAgentRuns } from './pty-agent-runs';
import { RunLimits } from './run-constants';
import type { RunProcesses } from './run-processes';
import { RunPrompts, type ResumeContext } from './run-prompts';
import { RunRecords } from './run-records';
import { RunTerminals } from './run-terminals';
import type { TranscriptPort } from './transcript-port';

export interface LaunchContext extends ResumeContext {
  prompt: string;
  profile: Profile;
  /** A worktree prepared by the caller (e.g. with a merge in progress); otherwise one is allocated. */
  worktree?: { path: string; branch: string };
  /** Continue the agent CLI's last session in the run's existing worktree (no setup, same terminal). */
  resume?: boolean;
}

export interface RunSupervisorDeps {
  runs: RunsRepo;
  transcripts: TranscriptPort;
  ptyHost: PtyHost;
  allocator: WorktreeAllocator;
  git: GitRunner;
  hub: ConnectionHub;
  now: () => number;
  baseEnv: NodeJS.ProcessEnv;
  /** The base branch a run is compared against (its thread's). */
  baseBranchOf: (run: Run) => string;
  /**
   * Prepares a run's new worktree before its agent starts (setup commands, port block); writes
   * progress to the run's terminal; returns extra environment for the agent. Throws to fail the run.
   */
  prepare?: (run: Run, worktreePath: string, write: (data: string) => void) => Promise<Record<string, string>>;
  /** A run finished by itself (not stopped, not at shutdown), its diff refreshed: e.g. run its checks. */
  finished?: (run: Run) => void;
  /** A folder of the run's own, outside its worktree, for files an agent CLI is configured with. */
  runConfigDir: (runId: string) => string;
  /** The built-in agent's turns (runs whose profile kind is 'builtin'). */
  builtin: BuiltinRuns;
  /** The profile a run was started with (for follow-ups). */
  profileOf: (run: Run) => Profile;
  turns: TurnsRepo;
  /** Agent CLIs' hooks and notify calls; null where the socket could not be opened. */
  hooks: HookChannel | null;
  log: (message: string, err?: unknown) => void;
  /** Records each agent process's identity and ends its leftovers after a Stop; absent in some unit tests. */
  processes?: RunProcesses;
}

export class RunSupervisor {
  private readonly live: LiveRuns;
  private readonly records: RunRecords;
  private readonly terminals: RunTerminals;
  private readonly ptyAgents: PtyAgentRuns;
  private readonly prompts: RunPrompts;

  constructor(private readonly deps: RunSupervisorDeps) {
    this.live = new LiveRuns(deps.log);
    this.records = new RunRecords(deps);
    this.terminals = new RunTerminals(deps.transcripts);
    const shared = { live: this.live, terminals: this.terminals, records: this.records, now: deps.now, finished: deps.finished };
    this.ptyAgents = new PtyAgentRuns({ ...shared, ptyHost: deps.ptyHost, runConfigDir: deps.runConfigDir, hooks: deps.hooks, processes: deps.processes, log: deps.log });
    this.prompts = new RunPrompts({
      ...shared,
      builtin: deps.builtin,
      turns: deps.turns,
      profileOf: deps.profileOf,
      typeInto: (runId, data) => this.write(runId, data),
      relaunch: (run, ctx) => this.launch(run, { ...ctx, prompt: '', resume: true }),
    });
  }

  /** Brings a 'starting' run up: worktree, then PTY. Never rejects: failures become status 'failed'. */
  async launch(run: Run, ctx: LaunchContext): Promise<void> {
    const live = this.live.begin(run.id);
    // The stream exists from the start, so a client attaching while the worktree is made gets everything.
    const stream = ctx.resume ? await this.terminals.reopen(run.id) : this.terminals.open(run.id, RunLimits.initialCols, RunLimits.initialRows);
    try {
      const worktree = ctx.worktree ?? await this.deps.allocator.create({
        repoPath: ctx.repoPath,
        repoKey: ctx.repoKey,
        runShortId: shortId(run.id),
        branch: run.branch,
        baseCommit: ctx.baseCommit,
        reason: `switchyard run ${run.id}`,
      });
      this.records.patch(run.id, { branch: worktree.branch, worktreePath: worktree.path });
      const extraEnv = ctx.resume ? (this.live.envOf(run.id) ?? {}) : ((await this.deps.prepare?.(run, worktree.path, (data) => stream.push(data))) ?? {});
      if (live.stopRequested || this.live.disposing) throw new AppError('RUN_NOT_ACTIVE', 'Stopped before it started.');
      const runEnv = { ...extraEnv, SWITCHYARD_RUN_ID: run.id, SWITCHYARD_WORKTREE: worktree.path, SWITCHYARD_BRANCH: worktree.branch };
      this.live.setEnv(run.id, runEnv);
      if (ctx.profile.kind === 'builtin') {
        this.live.end(run.id);
        this.prompts.startTurn(run.id, ctx.profile, ctx.prompt);
        return;
      }
      await this.ptyAgents.start({
        run,
        profile: ctx.profile,
        live,
        stream,
        launch: { prompt: ctx.prompt, worktreePath: worktree.path, baseEnv: this.deps.baseEnv, runEnv },
        resume: ctx.resume === true,
      });
    } catch (err) {
      this.live.end(run.id);
      await this.terminals.finish(run.id);
      const reason = err instanceof AppError ? err.message : `Could not start: ${String(err)}`;
      if (!(err instanceof AppError)) this.deps.log(`run ${run.id} failed to start`, err);
      try {
        this.records.patch(run.id, { status: 'failed', failure: reason, endedAt: this.deps.now() });
      } catch (patchErr) {
        this.deps.log(`could not record that run ${run.id} failed`, patchErr); // e.g. the disk is full
      }
    }
  }

  async stop(runId: RunId): Promise<Run> {
    const run = this.records.get(runId);
    const live = this.live.get(runId);
    if (!live) return run;
    live.stopRequested = true;
    this.records.patch(runId, { stoppedByUser: true });
    this.deps.builtin.stop(runId);
    await live.session?.stop();
    await this.deps.processes?.sweep(runId); // descendants that left the process group (setsid)
    await this.prompts.turnInFlight(runId);
    return this.records.get(runId);
  }

  /** Another prompt for a run (see RunPrompts.followUp). */
  async followUp(runId: RunId, prompt: string): Promise<Run> {
    return this.prompts.followUp(runId, prompt);
  }

  /** Continues an agent CLI's last session in the run's worktree (see RunPrompts.resume). */
  async resume(runId: RunId, ctx: ResumeContext): Promise<Run> {
    return this.prompts.resume(runId, ctx);
  }

  turns(runId: RunId) {
    this.records.get(runId);
    return this.deps.turns.listByRun(runId);
  }

  pendingApprovals(runId: RunId) {
    this.records.get(runId);
    return this.deps.builtin.pending(runId);
  }

  approve(runId: RunId, callId: string, approved: boolean): void {
    this.deps.builtin.approve(runId, callId, approved);
  }

  write(runId: RunId, data: string): void {
    this.activeSession(runId).write(data);
  }

  resize(runId: RunId, cols: number, rows: number): void {
    const session = this.live.get(runId)?.session;
    if (!session || session.exited) return; // a finished run keeps its last size
    this.terminals.get(runId)?.resize(cols, rows); // output produced at the old size goes out first
    session.resize(cols, rows);
  }

  /** Starts streaming the run's terminal to a client: a replay frame, then live frames. */
  async attach(runId: RunId, client: StreamClient): Promise<Run> {
    const run = this.records.get(runId);
    await this.terminals.attach(runId, client);
    return run;
  }

  detach(runId: RunId, clientId: number): void {
    this.terminals.detach(runId, clientId);
  }

  ack(runId: string, clientId: number, chars: number): void {
    this.terminals.ack(runId, clientId, chars);
  }

  /** Whether the run's process is (still) being started or running. */
  isLive(runId: string): boolean {
    return this.live.has(runId);
  }

  forgetClient(clientId: number): void {
    this.terminals.forgetClient(clientId);
  }

  refreshDiff(runId: RunId): Promise<Run> {
    return this.records.refreshDiff(runId);
  }

  /** Stops every live run and marks it interrupted (the app is going away, the run did not finish). */
  async dispose(): Promise<void> {
    this.live.disposing = true;
    const entries = this.live.entries();
    for (const [runId] of entries) this.deps.builtin.stop(runId);
    await Promise.all(entries.map(([, live]) => live.session?.stop()));
    await Promise.all(entries.map(([runId]) => this.deps.processes?.sweep(runId)));
    await this.live.recorded(); // runs that ended just before: let them finish recording
    await this.terminals.finishAll();
    for (const [runId] of entries) this.records.patch(runId as RunId, { status: 'interrupted', endedAt: this.deps.now() });
    this.live.clear();
    this.terminals.dispose();
  }

  private activeSession(runId: RunId): PtySession {
    const session = this.live.get(runId)?.session;
    if (!session || session.exited) {
      this.records.get(runId);
      throw new AppError('RUN_NOT_ACTIVE', 'This run is not running any more.');
    }
    return session;
  }
}
