// Contract handlers for the board's conveniences: `runs.openIn` (a run's worktree in the user's
// editor or a terminal, through the platform adapter) and `threads.branchNames` (for thread search).
// The worktree path always comes from the store: a client names a run, never a path.
import { stat } from 'node:fs/promises';
import type { OpenTarget } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { RunId } from '../shared/ids';
import type { Platform } from './platform';
import type { Handlers } from './rpc/serve';
import type { RunsRepo } from './store/runs-repo';
import type { ThreadsRepo } from './store/threads-repo';

export interface BoardHandlerDeps {
  platform: Platform;
  runs: Pick<RunsRepo, 'get' | 'listByThread'>;
  threads: Pick<ThreadsRepo, 'list'>;
}

type BoardCalls = 'runs.openIn' | 'threads.branchNames';

const UNAVAILABLE: Record<OpenTarget, string> = {
  editor: 'Opening an editor works only in the desktop app; copy the worktree path instead.',
  terminal: 'Opening a terminal works only in the desktop app; copy the worktree path instead.',
};

/** The run's worktree folder, checked to exist; throws an AppError the user can act on otherwise. */
async function worktreeOf(runs: BoardHandlerDeps['runs'], runId: RunId): Promise<string> {
  const run = runs.get(runId);
  if (!run) throw new AppError('NOT_FOUND', 'No such run.');
  if (run.archivedAt !== null) throw new AppError('INVALID_INPUT', 'This run is archived: restore it from the Trash to open its worktree.');
  if (!run.worktreePath) throw new AppError('INVALID_INPUT', 'This run has no worktree (it failed before one was made).');
  const info = await stat(run.worktreePath).catch(() => null);
  if (!info?.isDirectory()) throw new AppError('PATH_NOT_FOUND', `The worktree ${run.worktreePath} is missing.`);
  return run.worktreePath;
}

export function createBoardHandlers(d: BoardHandlerDeps): Pick<Handlers, BoardCalls> {
  return {
    'runs.openIn': async ({ runId, target }) => {
      const open = target === 'editor' ? d.platform.openInEditor : d.platform.openTerminal;
      if (!open) throw new AppError('UNSUPPORTED', UNAVAILABLE[target]);
      const path = await worktreeOf(d.runs, runId);
      return { opened: await open(path) };
    },
    'threads.branchNames': async ({ repoId }) =>
      d.threads.list(repoId).map((thread) => ({
        threadId: thread.id,
        branches: d.runs.listByThread(thread.id).map((run) => run.branch).filter((b) => b !== ''),
      })),
  };
}
