// Supervises runs: allocates each run's worktree, spawns its PTY, wires its output into its terminal
// stream, and keeps its status true. One run failing never touches another.
import type { Profile, Run } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { RunId } from '../../shared/ids';
import { buildLaunch } from '../agents/profiles';
import { buildCliRunLaunch } from '../agents/cli-profiles';
import { followAgentActivity } from './agent-activity';
import type { BuiltinRuns } from './builtin-runs';
import type { HookChannel } from './hook-channel';
import type { TurnsRepo } from '../store/turns-repo';
import { readRunDiff } from '../review/run-diff';
import type { GitRunner } from '../git/git-runner';
import type { WorktreeAllocator } from '../git/worktree-allocator';
import type { ConnectionHub } from '../rpc/connection-hub';
import type { RunsRepo } from '../store/runs-repo';
import type { StreamClient } from '../terminals/terminal-stream';
import type { PtyHost, PtySession } from '../terminals/pty-host';
import { newId, shortId } from '../ids';
import { RunLimits } from './run-constants';
import type { RunProcesses } from './run-processes';
import { RunTerminals } from './run-terminals';
import type { TranscriptPort } from './transcript-port';

export interface LaunchContext {
  repoPath: string;
  repoKey: string;
  baseCommit: string;
  prompt: string;
  profile: Profile;
  /** A worktree prepared by the caller (e.g. with a merge in progress); otherwise one is allocated. */
  worktree?: { path: string; branch: string };
  /** Continue the agent CLI's last session in the run's existing worktree (no setup, same terminal). */
  resume?: boolean;
}

interface LiveRun {
  session: PtySession | null;
  stopRequested: boolean;
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
  private readonly live = new Map<string, LiveRun>();
  /** Exit handling in flight (screen save, status, diff), so dispose can wait for it. */
  private readonly exiting = new Set<Promise<void>>();
  /** The built-in agent's turn in flight, per run (stop waits for it to end). */
  private readonly turnsInFlight = new Map<string, Promise<void>>();
  /** Each run's extra environment (ports, ids), kept for the built-in agent's later turns. */
  private readonly runEnvs = new Map<string, Record<string, string>>();
  private readonly terminals: RunTerminals;
  private disposing = false;

  constructor(private readonly deps: RunSupervisorDeps) {
    this.terminals = new RunTerminals(deps.transcripts);
  }

  /** Brings a 'starting' run up: worktree, then PTY. Never rejects: failures become status 'failed'. */
  async launch(run: Run, ctx: LaunchContext): Promise<void> {
    const live: LiveRun = { session: null, stopRequested: false };
    this.live.set(run.id, live);
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
      this.patch(run.id, { branch: worktree.branch, worktreePath: worktree.path });
      const extraEnv = ctx.resume ? (this.runEnvs.get(run.id) ?? {}) : ((await this.deps.prepare?.(run, worktree.path, (data) => stream.push(data))) ?? {});
      if (live.stopRequested || this.disposing) throw new AppError('RUN_NOT_ACTIVE', 'Stopped before it started.');
      const launchCtx = {
        prompt: ctx.prompt,
        worktreePath: worktree.path,
        baseEnv: this.deps.baseEnv,
        runEnv: { ...extraEnv, SWITCHYARD_RUN_ID: run.id, SWITCHYARD_WORKTREE: worktree.path, SWITCHYARD_BRANCH: worktree.branch },
      };
      this.runEnvs.set(run.id, launchCtx.runEnv);
      if (ctx.profile.kind === 'builtin') {
        this.live.delete(run.id);
        this.startTurn(run.id, ctx.profile, ctx.prompt);
        return;
      }
      const hookCommand = this.deps.hooks?.commandFor(run.id);
      const cliLaunch =
        ctx.profile.kind === 'cli'
          ? await buildCliRunLaunch(ctx.profile, {
              ...launchCtx,
              configDir: this.deps.runConfigDir(run.id),
              ...(hookCommand ? { hookCommand } : {}),
              ...(ctx.resume ? { resume: true } : {}),
            })
          : null;
      const launch = cliLaunch ?? (await buildLaunch(ctx.profile, launchCtx));
      const identity = this.deps.processes?.newNonce();
      const env = identity ? { ...launch.env, ...identity.env } : launch.env;
      const spawnedAt = this.deps.now();
      const session = await this.deps.ptyHost.spawn({ file: launch.file, args: launch.args, cwd: launch.cwd, env, cols: RunLimits.initialCols, rows: RunLimits.initialRows });
      if (identity) this.deps.processes?.spawned(run.id, session.pid, identity.nonce, spawnedAt);
      live.session = session;
      stream.setSource(session);
      const activity =
        cliLaunch && ctx.profile.cliId
          ? followAgentActivity(ctx.profile.cliId, cliLaunch.cli, session, (a) => this.patch(run.id, { activity: a }))
          : null;
      if (activity && ctx.profile.cliId) this.deps.hooks?.register(run.id, ctx.profile.cliId, ctx.prompt, (signal) => activity.signal(signal));
      session.onData((data) => {
        stream.push(data);
        activity?.output(data);
      });
      session.onExit((e) => {
        this.deps.hooks?.unregister(run.id);
        activity?.exit(e.exitCode, e.signal);
        this.track(this.exited(run.id, e.exitCode, e.signal));
      });
      this.patch(run.id, { status: 'running', startedAt: this.deps.now() });
    } catch (err) {
      this.live.delete(run.id);
      await this.terminals.finish(run.id);
      const reason = err instanceof AppError ? err.message : `Could not start: ${String(err)}`;
      if (!(err instanceof AppError)) this.deps.log(`run ${run.id} failed to start`, err);
      try {
        this.patch(run.id, { status: 'failed', failure: reason, endedAt: this.deps.now() });
      } catch (patchErr) {
        this.deps.log(`could not record that run ${run.id} failed`, patchErr); // e.g. the disk is full
      }
    }
  }

  async stop(runId: RunId): Promise<Run> {
    const run = this.get(runId);
    const live = this.live.get(runId);
    if (!live) return run;
    live.stopRequested = true;
    this.patch(runId, { stoppedByUser: true });
    this.deps.builtin.stop(runId);
    await live.session?.stop();
    await this.deps.processes?.sweep(runId); // descendants that left the process group (setsid)
    await this.turnsInFlight.get(runId);
    return this.get(runId);
  }

  /**
   * Another prompt for a run: typed into its terminal (as a bracketed paste, then Enter) for CLI
   * agents and shells; a new turn for the built-in agent, which restarts it after a finished turn.
   */
  async followUp(runId: RunId, prompt: string): Promise<Run> {
    const run = this.get(runId);
    const profile = this.deps.profileOf(run);
    if (profile.kind === 'builtin') {
      if (this.live.has(runId)) throw new AppError('INVALID_INPUT', 'The agent is still working on its last prompt; wait for it, or stop it.');
      if (run.archivedAt !== null || !run.worktreePath) throw new AppError('INVALID_INPUT', 'This run is archived; restore it first.');
      this.startTurn(runId, profile, prompt);
      return this.get(runId);
    }
    this.activeSession(runId).write(`\x1b[200~${prompt}\x1b[201~\r`);
    this.deps.turns.insert({ id: newId(), threadId: run.threadId, runId, prompt, createdAt: this.deps.now() });
    return run;
  }

  /**
   * Starts an agent CLI again in the run's worktree, continuing its last session there (each CLI's
   * own resume flag): after a restart marked it interrupted, or after it exited.
   */
  async resume(runId: RunId, ctx: Omit<LaunchContext, 'prompt' | 'profile' | 'worktree' | 'resume'>): Promise<Run> {
    const run = this.get(runId);
    if (this.live.has(runId)) throw new AppError('INVALID_INPUT', 'This run is still running.');
    if (run.archivedAt !== null || !run.worktreePath) throw new AppError('INVALID_INPUT', 'This run is archived; restore it first.');
    const profile = this.deps.profileOf(run);
    if (profile.kind !== 'cli') throw new AppError('INVALID_INPUT', 'Only agent CLIs keep sessions to resume; send a follow-up, or start a new thread.');
    const restarted = this.patch(runId, { status: 'starting', exitCode: null, failure: null, endedAt: null, stoppedByUser: false, activity: null });
    this.track(this.launch(restarted, { ...ctx, prompt: '', profile, worktree: { path: run.worktreePath, branch: run.branch }, resume: true }));
    return restarted;
  }

  turns(runId: RunId) {
    this.get(runId);
    return this.deps.turns.listByRun(runId);
  }

  pendingApprovals(runId: RunId) {
    this.get(runId);
    return this.deps.builtin.pending(runId);
  }

  approve(runId: RunId, callId: string, approved: boolean): void {
    this.deps.builtin.approve(runId, callId, approved);
  }

  private startTurn(runId: string, profile: Profile, prompt: string): void {
    const turn = this.builtinTurn(runId, profile, prompt).finally(() => this.turnsInFlight.delete(runId));
    this.turnsInFlight.set(runId, turn);
    this.track(turn);
  }

  /** One turn of the built-in agent, with the run's terminal stream (reopened after an earlier turn). */
  private async builtinTurn(runId: string, profile: Profile, prompt: string): Promise<void> {
    const run = this.get(runId as RunId);
    this.live.set(runId, { session: null, stopRequested: false });
    const turnId = newId();
    this.deps.turns.insert({ id: turnId, threadId: run.threadId, runId: run.id, prompt, createdAt: this.deps.now() });
    try {
      const stream = this.terminals.get(runId)?.isEnded === false ? this.terminals.get(runId)! : await this.terminals.reopen(runId);
      const runEnv = this.runEnvs.get(runId) ?? { SWITCHYARD_RUN_ID: run.id, SWITCHYARD_WORKTREE: run.worktreePath, SWITCHYARD_BRANCH: run.branch };
      await this.deps.builtin.runTurn(run, profile, { prompt, turnId, stream, runEnv });
    } catch (err) {
      this.patch(runId as RunId, { status: 'failed', failure: err instanceof AppError ? err.message : String(err), endedAt: this.deps.now(), activity: null });
    } finally {
      this.live.delete(runId);
      await this.terminals.finish(runId);
      const done = await this.refreshDiff(runId as RunId).catch(() => this.get(runId as RunId));
      if (done.status === 'exited' && !done.stoppedByUser) this.deps.finished?.(done);
    }
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
    const run = this.get(runId);
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

  async refreshDiff(runId: RunId): Promise<Run> {
    const run = this.get(runId);
    if (!run.worktreePath) return run; // its worktree was never created
    // The card's summary is the review diff's totals: one way of counting a run's changes.
    const diff = await readRunDiff(this.deps.git, { worktreePath: run.worktreePath, baseBranch: this.deps.baseBranchOf(run) });
    const files = diff.files.length + diff.omittedUntracked;
    return this.patch(runId, { diff: { files, added: diff.added, removed: diff.removed, at: this.deps.now() } });
  }

  /** Stops every live run and marks it interrupted (the app is going away, the run did not finish). */
  async dispose(): Promise<void> {
    this.disposing = true;
    const entries = [...this.live.entries()];
    for (const [runId] of entries) this.deps.builtin.stop(runId);
    await Promise.all(entries.map(([, live]) => live.session?.stop()));
    await Promise.all(entries.map(([runId]) => this.deps.processes?.sweep(runId)));
    await Promise.allSettled([...this.exiting]); // runs that ended just before: let them finish recording
    await this.terminals.finishAll();
    for (const [runId] of entries) this.patch(runId as RunId, { status: 'interrupted', endedAt: this.deps.now() });
    this.live.clear();
    this.terminals.dispose();
  }

  /** Keeps completion handling in flight visible to dispose, which waits for it. */
  private track(work: Promise<void>): void {
    this.exiting.add(work);
    // Bookkeeping that fails (e.g. a full disk) is logged, never an unhandled rejection.
    void work.catch((err: unknown) => this.deps.log('recording a run\'s end failed', err)).finally(() => this.exiting.delete(work));
  }

  private async exited(runId: string, exitCode: number, signal: number | null): Promise<void> {
    if (!this.live.has(runId) || this.disposing) return;
    this.live.delete(runId);
    await this.terminals.finish(runId);
    // A signal death is reported the way shells do: 128 + signal number.
    this.patch(runId as RunId, { status: 'exited', exitCode: signal ? 128 + signal : exitCode, endedAt: this.deps.now() });
    const run = await this.refreshDiff(runId as RunId).catch((err: unknown) => {
      this.deps.log(`diff of run ${runId} failed`, err);
      return this.get(runId as RunId);
    });
    if (!run.stoppedByUser) this.deps.finished?.(run);
  }

  private activeSession(runId: RunId): PtySession {
    const session = this.live.get(runId)?.session;
    if (!session || session.exited) {
      this.get(runId);
      throw new AppError('RUN_NOT_ACTIVE', 'This run is not running any more.');
    }
    return session;
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
