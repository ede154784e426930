// Runs whose agent lives in a PTY (agent CLIs, shells, command templates): builds the command line,
// tags the process with the run's nonce, spawns it in the worktree, feeds its output to the run's
// terminal stream and activity tracking, connects its hooks, and records its exit.
import type { Profile, Run } from '../../shared/contract';
import type { RunId } from '../../shared/ids';
import { buildCliRunLaunch } from '../agents/cli-profiles';
import { buildLaunch, type LaunchContext as CommandLaunchContext } from '../agents/profiles';
import type { PtyHost } from '../terminals/pty-host';
import type { TerminalStream } from '../terminals/terminal-stream';
import { followAgentActivity } from './agent-activity';
import type { HookChannel } from './hook-channel';
import type { LiveRun, LiveRuns } from './live-runs';
import { RunLimits } from './run-constants';
import type { RunProcesses } from './run-processes';
import type { RunRecords } from './run-records';
import type { RunTerminals } from './run-terminals';

export interface PtyAgentRunsDeps {
  ptyHost: PtyHost;
  live: LiveRuns;
  terminals: RunTerminals;
  records: RunRecords;
  now: () => number;
  /** A folder of the run's own, outside its worktree, for files an agent CLI is configured with. */
  runConfigDir: (runId: string) => string;
  /** Agent CLIs' hooks and notify calls; null where the socket could not be opened. */
  hooks: HookChannel | null;
  /** Records each agent process's identity; absent in some unit tests. */
  processes?: RunProcesses | undefined;
  /** A run finished by itself (not stopped, not at shutdown), its diff refreshed. */
  finished?: ((run: Run) => void) | undefined;
  log: (message: string, err?: unknown) => void;
}

export interface PtyAgentStart {
  run: Run;
  profile: Profile;
  /** The run's live entry: its session is set once spawned. */
  live: LiveRun;
  stream: TerminalStream;
  /** Prompt, worktree and environment of the agent. */
  launch: CommandLaunchContext;
  /** Continue the agent CLI's last session. */
  resume: boolean;
}

export class PtyAgentRuns {
  constructor(private readonly deps: PtyAgentRunsDeps) {}

  /** Spawns the run's agent and marks the run running. Rejects when it cannot be started. */
  async start({ run, profile, live, stream, launch: launchCtx, resume }: PtyAgentStart): Promise<void> {
    const { deps } = this;
    const hookCommand = deps.hooks?.commandFor(run.id);
    const cliLaunch =
      profile.kind === 'cli'
        ? await buildCliRunLaunch(profile, {
            ...launchCtx,
            configDir: deps.runConfigDir(run.id),
            ...(hookCommand ? { hookCommand } : {}),
            ...(resume ? { resume: true } : {}),
          })
        : null;
    const launch = cliLaunch ?? (await buildLaunch(profile, launchCtx));
    const identity = deps.processes?.newNonce();
    const env = identity ? { ...launch.env, ...identity.env } : launch.env;
    const spawnedAt = deps.now();
    const session = await deps.ptyHost.spawn({ file: launch.file, args: launch.args, cwd: launch.cwd, env, cols: RunLimits.initialCols, rows: RunLimits.initialRows });
    if (identity) deps.processes?.spawned(run.id, session.pid, identity.nonce, spawnedAt);
    live.session = session;
    stream.setSource(session);
    const activity =
      cliLaunch && profile.cliId
        ? followAgentActivity(profile.cliId, cliLaunch.cli, session, (a) => deps.records.patch(run.id, { activity: a }))
        : null;
    if (activity && profile.cliId) deps.hooks?.register(run.id, profile.cliId, launchCtx.prompt, (signal) => activity.signal(signal));
    session.onData((data) => {
      stream.push(data);
      activity?.output(data);
    });
    session.onExit((e) => {
      deps.hooks?.unregister(run.id);
      activity?.exit(e.exitCode, e.signal);
      deps.live.track(this.exited(run.id, e.exitCode, e.signal));
    });
    deps.records.patch(run.id, { status: 'running', startedAt: deps.now() });
  }

  /** The agent's process ended: its screen saved, status and diff recorded, then `finished` told. */
  private async exited(runId: RunId, exitCode: number, signal: number | null): Promise<void> {
    const { live, terminals, records } = this.deps;
    if (!live.has(runId) || live.disposing) return;
    live.end(runId);
    await terminals.finish(runId);
    // A signal death is reported the way shells do: 128 + signal number.
    records.patch(runId, { status: 'exited', exitCode: signal ? 128 + signal : exitCode, endedAt: this.deps.now() });
    const run = await records.refreshDiff(runId).catch((err: unknown) => {
      this.deps.log(`diff of run ${runId} failed`, err);
      return records.get(runId);
    });
    if (!run.stoppedByUser) this.deps.finished?.(run);
  }
}
