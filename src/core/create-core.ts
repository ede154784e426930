// The composition root: builds every service with explicit dependencies, reconciles state left by a
// previous process, and returns attach/dispose. No module-level singletons anywhere in the core.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppInfo } from '../shared/contract';
import type { Transport } from '../shared/protocol';
import { GitRunner } from './git/git-runner';
import { WorktreeAllocator } from './git/worktree-allocator';
import { createHandlers } from './handlers';
import { createReviewSide } from './create-review';
import type { Platform } from './platform';
import { ProfileService } from './profile-service';
import { RepoService } from './repos/repo-service';
import { ConnectionHub } from './rpc/connection-hub';
import { serveConnection } from './rpc/serve';
import { RunSupervisor } from './runs/run-supervisor';
import type { TranscriptPort } from './runs/transcript-port';
import { closeDatabase, openDatabase } from './store/database';
import { ProfilesRepo } from './store/profiles-repo';
import { AgentProfilesRepo } from './store/agent-profiles-repo';
import { ReposRepo } from './store/repos-repo';
import { RunsRepo } from './store/runs-repo';
import { ThreadsRepo } from './store/threads-repo';
import { TranscriptSink } from './store/transcript-sink';
import { TurnsRepo } from './store/turns-repo';
import { PtyHost } from './terminals/pty-host';
import { BuiltinRuns } from './runs/builtin-runs';
import { HookChannel } from './runs/hook-channel';
import { detectSandbox } from './loop';
import { ThreadService } from './threads/thread-service';
import { DerivedRuns } from './threads/derived-runs';

export interface CoreOptions {
  dataDir: string;
  platform: Platform;
  version: string;
  /** Environment the agent environments are filtered from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Store terminal transcripts (default true). Off only for benchmarks that measure its cost. */
  persistTranscripts?: boolean;
  log?: (message: string, err?: unknown) => void;
}

export interface Core {
  /** Serves the contract on a transport until it closes. Returns a detach function. */
  attach(transport: Transport): () => void;
  /** Stops every run (marked interrupted), flushes transcripts and closes the database. */
  dispose(): Promise<void>;
  readonly threads: ThreadService;
  /** How many runs were found still running from a previous process and marked interrupted. */
  readonly interruptedAtStart: number;
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const log = opts.log ?? ((message, err) => console.error(`[switchyard] ${message}`, err ?? ''));
  const now = () => Date.now();
  await mkdir(opts.dataDir, { recursive: true });
  const dbFile = join(opts.dataDir, 'switchyard.db');
  const db = await openDatabase(dbFile);

  const reposRepo = new ReposRepo(db);
  const threadsRepo = new ThreadsRepo(db);
  const runsRepo = new RunsRepo(db);
  const turnsRepo = new TurnsRepo(db);
  const profilesRepo = new ProfilesRepo(db);
  const sink = await TranscriptSink.open(dbFile, { onError: (err) => log('transcript persistence failed', err) });
  const transcripts = opts.persistTranscripts === false ? withoutTranscripts(sink) : sink;
  const interruptedAtStart = runsRepo.markActiveAsInterrupted(now());

  const git = new GitRunner();
  const hub = new ConnectionHub();
  const ptyHost = new PtyHost();
  const worktreeRoot = join(opts.dataDir, 'worktrees');
  const allocator = new WorktreeAllocator({ git, worktreeRoot });
  const repos = new RepoService({ git, repos: reposRepo, now });
  const profiles = new ProfileService(profilesRepo, opts.env ?? process.env, new AgentProfilesRepo(db), opts.platform.secrets);
  const sandbox = detectSandbox();
  const hooks = await HookChannel.open(opts.dataDir, log);
  const supervisor = new RunSupervisor({
    runs: runsRepo,
    transcripts,
    ptyHost,
    allocator,
    git,
    hub,
    now,
    baseEnv: opts.env ?? process.env,
    baseBranchOf: (run) => threadsRepo.get(run.threadId)?.baseBranch ?? 'HEAD',
    // The review side is built below; these run only once runs exist, after it is.
    prepare: (run, worktreePath, write) => reviewSide.prepareWorktree(run, worktreePath, write),
    finished: (run) => reviewSide.runFinished(run),
    runConfigDir: (runId) => join(opts.dataDir, 'runs', runId),
    builtin: new BuiltinRuns({
      turns: turnsRepo,
      hub,
      baseEnv: opts.env ?? process.env,
      sandbox,
      hiddenPaths: [opts.dataDir],
      apiKeyOf: (profile) => profiles.apiKeyOf(profile),
      patch: (runId, patch) => {
        const run = runsRepo.update(runId, patch);
        hub.emit('runs.changed', run);
        return run;
      },
      now,
    }),
    profileOf: (run) => profiles.get(run.profileId),
    turns: turnsRepo,
    hooks,
    log,
  });
  const threads = new ThreadService({ git, repos, profiles, threads: threadsRepo, runs: runsRepo, turns: turnsRepo, supervisor, hub, now });

  const info = async (): Promise<AppInfo> => ({
    version: opts.version,
    shell: opts.platform.shell,
    platform: process.platform,
    dataDir: opts.dataDir,
    gitVersion: await git.version().then((v) => v.text, () => null),
    canPickFolder: Boolean(opts.platform.pickFolder),
    canStoreSecrets: Boolean(opts.platform.secrets),
    sandbox: await sandbox.then((s) => ({ available: s.available, reason: s.reason ?? null })),
  });
  const reviewSide = createReviewSide({
    db, git, hub, ptyHost, runs: runsRepo, threads: threadsRepo, worktreeRoot, baseEnv: opts.env ?? process.env,
    isLive: (runId) => supervisor.isLive(runId), now, log,
    derived: new DerivedRuns({ git, runs: runsRepo, threads: threadsRepo, profiles, allocator, supervisor, hub, now }),
  });
  await reviewSide.startUp();
  const handlers = createHandlers({ info, drift: reviewSide.drift, platform: opts.platform, repos, profiles, threads, supervisor, review: reviewSide.handlerDeps });

  let disposed = false;
  return {
    threads,
    interruptedAtStart,
    attach(transport) {
      const conn = hub.add(transport);
      const stopServing = serveConnection(conn, handlers, (err) => log('handler failed', err));
      // Flow-control credits skip the contract: they are the hot path's other half.
      const stopAcks = transport.onFrame((frame) => {
        if (frame.t === 'ack' && typeof frame.runId === 'string' && Number.isFinite(frame.chars) && frame.chars > 0) {
          supervisor.ack(frame.runId, conn.id, frame.chars);
        }
      });
      const detach = () => {
        stopServing();
        stopAcks();
        supervisor.forgetClient(conn.id);
        hub.remove(conn);
      };
      transport.onClose(detach);
      return detach;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await threads.settled();
      await supervisor.dispose();
      reviewSide.checks.cancelAll();
      await ptyHost.disposeAll();
      await hooks?.close();
      await sink.close();
      closeDatabase(db);
    },
  };
}

/** The sink with appends dropped (screens are still saved, so re-attach keeps working). */
function withoutTranscripts(sink: TranscriptSink): TranscriptPort {
  return {
    append: () => {},
    saveScreen: (runId, snap) => sink.saveScreen(runId, snap),
    readScreen: (runId) => sink.readScreen(runId),
    readTail: (runId, maxChars) => sink.readTail(runId, maxChars),
  };
}
