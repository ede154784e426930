// Maps every contract call to the service that does the work. `satisfies Handlers` makes a missing
// handler a compile error; no logic lives here beyond picking the service.
import { AppError } from '../shared/errors';
import type { AppInfo, Drift, FirstRunChecks, StorageStatus } from '../shared/contract';
import type { Handlers } from './rpc/serve';
import { createReviewHandlers, type ReviewHandlerDeps } from './review-handlers';
import { createBoardHandlers } from './board-handlers';
import type { ProfileService } from './profile-service';
import type { RepoService } from './repos/repo-service';
import type { RunSupervisor } from './runs/run-supervisor';
import type { ThreadService } from './threads/thread-service';
import type { Platform } from './platform';
import type { Connection } from './rpc/connection-hub';
import type { StreamClient } from './terminals/terminal-stream';

export interface HandlerDeps {
  drift: () => Drift[];
  review: ReviewHandlerDeps;
  info: () => Promise<AppInfo>;
  /** Whether the database can be written now (StorageHealth.status). */
  storageStatus: () => StorageStatus;
  /** The first-run checklist (git, agent CLIs, an endpoint for the built-in agent). */
  firstRun: (force: boolean) => Promise<FirstRunChecks>;
  platform: Platform;
  repos: RepoService;
  profiles: ProfileService;
  threads: ThreadService;
  supervisor: RunSupervisor;
}

/** A connection as a terminal stream sees it: an id and a way to send frames. */
export function streamClientOf(conn: Connection): StreamClient {
  return { id: conn.id, send: (frame) => conn.transport.send(frame) };
}

export function createHandlers(d: HandlerDeps): Handlers {
  return {
    ...createReviewHandlers(d.review),
    ...createBoardHandlers({ platform: d.platform, runs: d.review.runs, threads: d.review.threads }),
    'app.info': () => d.info(),
    'app.storageStatus': async () => d.storageStatus(),
    'app.drift': async () => d.drift(),
    'app.setMenuShortcuts': async ({ shortcuts }) => {
      d.platform.setMenuShortcuts?.(shortcuts);
      return {};
    },
    'app.firstRunChecks': ({ force }) => d.firstRun(force ?? false),
    'repos.open': ({ path }) => d.repos.open(path),
    'repos.listRecent': async () => d.repos.listRecent(),
    'repos.branches': ({ repoId }) => d.repos.branches(repoId),
    'repos.pickFolder': async () => {
      if (!d.platform.pickFolder) throw new AppError('UNSUPPORTED', 'The folder picker exists only in the desktop app; type the path instead.');
      return { path: await d.platform.pickFolder() };
    },
    'profiles.list': async () => d.profiles.list(),
    'profiles.detectClis': ({ force }) => d.profiles.detectClis(force),
    'profiles.saveBuiltin': async (input) => d.profiles.saveBuiltin(input),
    'profiles.testConnection': ({ id }) => d.profiles.testConnection(id),
    'profiles.saveCommand': async (input) => d.profiles.saveCommand(input),
    'profiles.delete': async ({ id }) => ({ deleted: d.profiles.delete(id) }),
    'threads.create': (input) => d.threads.create(input),
    'threads.list': async ({ repoId }) => d.threads.list(repoId),
    'threads.get': async ({ threadId }) => d.threads.get(threadId),
    'runs.stop': ({ runId }) => d.supervisor.stop(runId),
    'runs.write': async ({ runId, data }) => {
      d.supervisor.write(runId, data);
      return {};
    },
    'runs.resize': async ({ runId, cols, rows }) => {
      d.supervisor.resize(runId, cols, rows);
      return {};
    },
    'runs.attach': async ({ runId }, conn) => ({ run: await d.supervisor.attach(runId, streamClientOf(conn)) }),
    'runs.detach': async ({ runId }, conn) => {
      d.supervisor.detach(runId, conn.id);
      return {};
    },
    'runs.refreshDiff': ({ runId }) => d.supervisor.refreshDiff(runId),
    'runs.followUp': ({ runId, prompt }) => d.supervisor.followUp(runId, prompt),
    'runs.turns': async ({ runId }) => d.supervisor.turns(runId),
    'runs.resume': ({ runId }) => d.threads.resume(runId),
    'runs.pendingApprovals': async ({ runId }) => d.supervisor.pendingApprovals(runId),
    'runs.approve': async ({ runId, callId, approve }) => {
      d.supervisor.approve(runId, callId, approve);
      return {};
    },
  } satisfies Handlers;
}
