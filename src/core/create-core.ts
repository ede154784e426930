// The composition root: builds every service with explicit dependencies, reconciles state left by a
// previous process, and returns attach/dispose. No module-level singletons anywhere in the core.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppInfo } from '../shared/contract';
import { parseAckFrame, type Transport } from '../shared/protocol';
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
import type { FaultHook } from './faults';
import { RunProcesses } from './runs/run-processes';
import { RunProcessesRepo } from './store/run-processes-repo';
import { StorageHealth, withStorageErrors } from './store/storage-health';
import type { StorageLimit } from './store/storage-limit';
import { InstanceLock } from './instance/instance-lock';
import type { LocalServer } from './agents/endpoint-detect';
import { createFirstRunChecks } from './first-run-checks';

export interface CoreOptions {
  dataDir: string;
  platform: Platform;
  version: string;
  /** Environment the agent and git environments are filtered from (allowlists); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Store terminal transcripts (default true). Off only for benchmarks that measure its cost. */
  persistTranscripts?: boolean;
  /** Local OpenAI-compatible servers the first-run checklist looks for; defaults to their usual ports. */
  localServers?: readonly LocalServer[];
  log?: (message: string, err?: unknown) => void;
  /** Fault-injection seam, tests only (hardening suite): see faults.ts. */
  onFault?: FaultHook;
  /** Test hook: lets a test cap the database's size (a "full disk") and lift the cap again. */
  storageLimit?: StorageLimit;
}

export interface Core {
  /** Serves the contract on a transport until it closes. Returns a detach function. */
  attach(transport: Transport): () => void;
  /** Stops every run (marked interrupted), flushes transcripts and closes the database. */
  dispose(): Promise<void>;
  /** Asks every window to run a command of the catalog (a desktop menu item was chosen). */
  runCommand(id: string): void;
  readonly threads: ThreadService;
  /** How many runs were found still running from a previous process and marked interrupted. */
  readonly interruptedAtStart: number;
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  // A new data folder is private (0700): it holds the transcripts and the control socket.
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  // One writer per data folder: claimed before the database opens (DATA_DIR_IN_USE when another
  // process holds it), released by dispose() last. Its socket serves other processes (the CLI).
  const instance = await InstanceLock.acquire(opts.dataDir);
  try {
    const core = await buildCore(opts, instance);
    instance.serve((transport) => core.attach(transport));
    return core;
  } catch (err) {
    await instance.close();
    throw err;
  }
}

async function buildCore(opts: CoreOptions, instance: InstanceLock): Promise<Core> {
  const baseLog = opts.log ?? ((message, err) => console.error(`[switchyard] ${message}`, err ?? ''));
  const now = () => Date.now();
  const dbFile = join(opts.dataDir, 'switchyard.db');
  const db = await openDatabase(dbFile, { onFault: opts.onFault });
  const hub = new ConnectionHub();
  const storage = new StorageHealth({ db, file: dbFile, emit: (status) => hub.emit('app.storage', status), log: baseLog });
  // A full database met by background work (a run's status, a start time) also raises the banner.
  const log = (message: string, err?: unknown) => baseLog(message, err === undefined ? err : storage.translate(err));

  const reposRepo = new ReposRepo(db);
  const threadsRepo = new ThreadsRepo(db);
  const runsRepo = new RunsRepo(db);
  const turnsRepo = new TurnsRepo(db);
  const profilesRepo = new ProfilesRepo(db);
  const sink = await TranscriptSink.open(dbFile, { onError: (err) => log('transcript persistence failed', err), onStorage: (status) => storage.transcripts(status) });
  opts.storageLimit?.bind(db, sink);
  const transcripts = opts.persistTranscripts === false ? withoutTranscripts(sink) : sink;
  // Agents a crashed app left running are ended (by recorded identity) before their runs become interrupted.
  const processes = new RunProcesses({ repo: new RunProcessesRepo(db), now, log });
  await processes.reapAtStartup();
  const interruptedAtStart = runsRepo.markActiveAsInterrupted(now());

  const git = new GitRunner({ baseEnv: opts.env });
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
    processes,
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
    canOpenInEditor: Boolean(opts.platform.openInEditor),
    canOpenTerminal: Boolean(opts.platform.openTerminal),
    sandbox: await sandbox.then((s) => ({ available: s.available, reason: s.reason ?? null })),
  });
  const reviewSide = createReviewSide({
    db, git, hub, ptyHost, runs: runsRepo, threads: threadsRepo, worktreeRoot, baseEnv: opts.env ?? process.env,
    isLive: (runId) => supervisor.isLive(runId), now, log, onFault: opts.onFault,
    derived: new DerivedRuns({ git, runs: runsRepo, threads: threadsRepo, profiles, allocator, supervisor, hub, now }),
  });
  await reviewSide.startUp();
  const firstRun = createFirstRunChecks({ git, profiles, env: opts.env ?? process.env, ...(opts.localServers ? { localServers: opts.localServers } : {}) });
  const handlers = withStorageErrors(storage, createHandlers({ info, storageStatus: () => storage.status, firstRun, drift: reviewSide.drift, platform: opts.platform, repos, profiles, threads, supervisor, review: reviewSide.handlerDeps }));

  let disposed = false;
  return {
    threads,
    interruptedAtStart,
    runCommand: (id) => hub.emit('app.command', { id }),
    attach(transport) {
      const conn = hub.add(transport);
      const stopServing = serveConnection(conn, handlers, (err) => log('handler failed', err));
      // Flow-control credits skip the contract (the hot path's other half); a malformed frame is ignored whole.
      const stopAcks = transport.onFrame((frame) => {
        if (frame.t !== 'ack') return;
        for (const [runId, chars] of parseAckFrame(frame) ?? []) supervisor.ack(runId, conn.id, chars);
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
      instance.refuseNew();
      await threads.settled();
      await supervisor.dispose();
      reviewSide.checks.cancelAll();
      await ptyHost.disposeAll();
      await hooks?.close();
      await processes.settled();
      await sink.close();
      storage.dispose();
      closeDatabase(db);
      await instance.close(); // last: the folder is free only once the database is closed
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
