// Opening repositories and loading what the sidebar and composer need from them.
import type { Thread } from '../../../shared/contract';
import { errorMessage } from '../lib/errors';
import { ensureDraftProfiles } from '../state/composer-slice';
import { repoOpened, setBranches } from '../state/repos-slice';
import { upsertRuns } from '../state/runs-slice';
import { resetThreads, setThreads } from '../state/threads-slice';
import { reportError, type ActionContext } from './context';
import { loadDrift } from './drift-actions';
import { loadStorageStatus } from './storage-actions';

/** Threads whose runs are fetched for the sidebar's status dots, newest first. */
const SIDEBAR_RUN_PREFETCH = { maxThreads: 40, concurrency: 4 } as const;

/** First load: app info, storage status, recent repositories and profiles; then reopens the last repository. */
export async function bootstrap(ctx: ActionContext): Promise<void> {
  const { client, store } = ctx;
  void loadStorageStatus(ctx);
  try {
    const [info, recentRepos, profiles] = await Promise.all([
      client.call('app.info', {}),
      client.call('repos.listRecent', {}),
      client.call('profiles.list', {}),
    ]);
    store.setState((s) => ({ info, recentRepos, profiles, draft: ensureDraftProfiles(s.draft, profiles) }));
    const last = recentRepos[0];
    // Opening the last repository loads the drift; without one, load it here.
    if (!last || store.getState().currentRepo) void loadDrift(ctx);
    if (last && !store.getState().currentRepo) {
      const problem = await openRepo(ctx, last.path);
      if (problem) reportError(ctx, new Error(problem), `Could not reopen ${last.name}`);
    }
  } catch (err) {
    reportError(ctx, err);
  } finally {
    store.setState({ booted: true });
  }
}

/** Opens a folder as the current repository. Resolves with the core's error message, or null. */
export async function openRepo(ctx: ActionContext, path: string): Promise<string | null> {
  const { client, store } = ctx;
  let repo;
  try {
    repo = await client.call('repos.open', { path });
  } catch (err) {
    return errorMessage(err);
  }
  const same = store.getState().currentRepo?.id === repo.id;
  store.setState((s) => ({
    ...repoOpened(s, repo),
    pickingRepo: false,
    ...(same
      ? {}
      : { ...resetThreads(repo.id), selectedThreadId: null, focusedRunId: null, panel: null, draft: { ...s.draft, baseBranch: null } }),
  }));
  void loadBranches(ctx, repo.id);
  void loadThreads(ctx, repo.id);
  void loadDrift(ctx);
  return null;
}

export async function loadBranches(ctx: ActionContext, repoId: string): Promise<void> {
  try {
    const branches = await ctx.client.call('repos.branches', { repoId });
    ctx.store.setState((s) => setBranches(s, repoId, branches));
  } catch (err) {
    reportError(ctx, err, 'Could not list branches');
  }
}

export async function loadThreads(ctx: ActionContext, repoId: string): Promise<void> {
  try {
    const threads = await ctx.client.call('threads.list', { repoId });
    ctx.store.setState((s) => setThreads(s, repoId, threads));
    await prefetchRuns(ctx, threads.slice(0, SIDEBAR_RUN_PREFETCH.maxThreads));
  } catch (err) {
    reportError(ctx, err, 'Could not load threads');
  }
}

/** `threads.list` carries no run summaries, so the sidebar's dots need one `threads.get` each. */
async function prefetchRuns(ctx: ActionContext, threads: readonly Thread[]): Promise<void> {
  const queue = [...threads];
  let firstError: unknown = null;
  const worker = async (): Promise<void> => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      if (ctx.store.getState().threadsRepoId !== t.repoId) return;
      try {
        const { runs } = await ctx.client.call('threads.get', { threadId: t.id });
        ctx.store.setState((s) => upsertRuns(s, runs));
      } catch (err) {
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: SIDEBAR_RUN_PREFETCH.concurrency }, worker));
  if (firstError) reportError(ctx, firstError, 'Could not load runs');
}

/** Shows the native folder picker (desktop only); resolves with the chosen path or null. */
export async function pickFolder(ctx: ActionContext): Promise<string | null> {
  try {
    const { path } = await ctx.client.call('repos.pickFolder', {});
    return path;
  } catch (err) {
    reportError(ctx, err, 'Could not open the folder picker');
    return null;
  }
}

export function showRepoPicker(ctx: Pick<ActionContext, 'store'>, shown: boolean): void {
  ctx.store.setState({ pickingRepo: shown });
}
