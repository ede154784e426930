// Prompts a run is given: the built-in agent's turns (its first prompt and each follow-up, with the
// run's terminal stream reopened between turns), follow-ups typed into an agent CLI's or shell's
// terminal, and resuming an agent CLI's last session in the run's existing worktree.
import type { Profile, Run } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { RunId } from '../../shared/ids';
import { newId } from '../ids';
import type { TurnsRepo } from '../store/turns-repo';
import type { BuiltinRuns } from './builtin-runs';
import type { LiveRuns } from './live-runs';
import type { RunRecords } from './run-records';
import type { RunTerminals } from './run-terminals';

/** What resuming a run needs besides the run itself (see RunSupervisor's LaunchContext). */
export interface ResumeContext {
  repoPath: string;
  repoKey: string;
  baseCommit: string;
}

export interface RunPromptsDeps {
  live: LiveRuns;
  terminals: RunTerminals;
  records: RunRecords;
  builtin: BuiltinRuns;
  turns: TurnsRepo;
  now: () => number;
  /** The profile a run was started with. */
  profileOf: (run: Run) => Profile;
  /** A run finished by itself (not stopped), its diff refreshed. */
  finished?: ((run: Run) => void) | undefined;
  /** Types into the run's live terminal; throws RUN_NOT_ACTIVE when it has none. */
  typeInto: (runId: RunId, data: string) => void;
  /** Starts the run's agent again in its worktree, continuing its CLI session. Never rejects. */
  relaunch: (run: Run, ctx: ResumeContext & { profile: Profile; worktree: { path: string; branch: string } }) => Promise<void>;
}

export class RunPrompts {
  /** The built-in agent's turn in flight, per run (stop waits for it to end). */
  private readonly turnsInFlight = new Map<string, Promise<void>>();

  constructor(private readonly deps: RunPromptsDeps) {}

  /**
   * Another prompt for a run: typed into its terminal (as a bracketed paste, then Enter) for CLI
   * agents and shells; a new turn for the built-in agent, which restarts it after a finished turn.
   */
  followUp(runId: RunId, prompt: string): Run {
    const { deps } = this;
    const run = deps.records.get(runId);
    const profile = deps.profileOf(run);
    if (profile.kind === 'builtin') {
      if (deps.live.has(runId)) throw new AppError('INVALID_INPUT', 'The agent is still working on its last prompt; wait for it, or stop it.');
      if (run.archivedAt !== null || !run.worktreePath) throw new AppError('INVALID_INPUT', 'This run is archived; restore it first.');
      this.startTurn(runId, profile, prompt);
      return deps.records.get(runId);
    }
    deps.typeInto(runId, `\x1b[200~${prompt}\x1b[201~\r`);
    deps.turns.insert({ id: newId(), threadId: run.threadId, runId, prompt, createdAt: deps.now() });
    return run;
  }

  /**
   * Starts an agent CLI again in the run's worktree, continuing its last session there (each CLI's
   * own resume flag): after a restart marked it interrupted, or after it exited.
   */
  resume(runId: RunId, ctx: ResumeContext): Run {
    const { deps } = this;
    const run = deps.records.get(runId);
    if (deps.live.has(runId)) throw new AppError('INVALID_INPUT', 'This run is still running.');
    if (run.archivedAt !== null || !run.worktreePath) throw new AppError('INVALID_INPUT', 'This run is archived; restore it first.');
    const profile = deps.profileOf(run);
    if (profile.kind !== 'cli') throw new AppError('INVALID_INPUT', 'Only agent CLIs keep sessions to resume; send a follow-up, or start a new thread.');
    const restarted = deps.records.patch(runId, { status: 'starting', exitCode: null, failure: null, endedAt: null, stoppedByUser: false, activity: null });
    deps.live.track(deps.relaunch(restarted, { ...ctx, profile, worktree: { path: run.worktreePath, branch: run.branch } }));
    return restarted;
  }

  /** Starts a turn of the built-in agent; the run is live until it ends. */
  startTurn(runId: RunId, profile: Profile, prompt: string): void {
    const turn = this.builtinTurn(runId, profile, prompt).finally(() => this.turnsInFlight.delete(runId));
    this.turnsInFlight.set(runId, turn);
    this.deps.live.track(turn);
  }

  /** The run's built-in turn in flight, if any (resolves when it has ended). */
  turnInFlight(runId: RunId): Promise<void> | undefined {
    return this.turnsInFlight.get(runId);
  }

  /** One turn of the built-in agent, with the run's terminal stream (reopened after an earlier turn). */
  private async builtinTurn(runId: RunId, profile: Profile, prompt: string): Promise<void> {
    const { deps } = this;
    const run = deps.records.get(runId);
    deps.live.begin(runId);
    const turnId = newId();
    deps.turns.insert({ id: turnId, threadId: run.threadId, runId: run.id, prompt, createdAt: deps.now() });
    try {
      const current = deps.terminals.get(runId);
      const stream = current?.isEnded === false ? current : await deps.terminals.reopen(runId);
      const runEnv = deps.live.envOf(runId) ?? { SWITCHYARD_RUN_ID: run.id, SWITCHYARD_WORKTREE: run.worktreePath, SWITCHYARD_BRANCH: run.branch };
      await deps.builtin.runTurn(run, profile, { prompt, turnId, stream, runEnv });
    } catch (err) {
      deps.records.patch(runId, { status: 'failed', failure: err instanceof AppError ? err.message : String(err), endedAt: deps.now(), activity: null });
    } finally {
      deps.live.end(runId);
      await deps.terminals.finish(runId);
      const done = await deps.records.refreshDiff(runId).catch(() => deps.records.get(runId));
      if (done.status === 'exited' && !done.stoppedByUser) deps.finished?.(done);
    }
  }
}
