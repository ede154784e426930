// Board conveniences: opening a run's worktree in the user's editor or a terminal (desktop app only),
// and the branch names of every thread's runs for the sidebar's search.
import { z } from 'zod';
import { call } from './define';
import { RepoId, RunId } from '../ids';

export const OpenTarget = z.enum(['editor', 'terminal']);
export type OpenTarget = z.infer<typeof OpenTarget>;

export const boardContract = {
  /**
   * Opens the run's worktree in the user's editor or a new terminal window there. The path comes
   * from the store, never from the client. UNSUPPORTED where the platform cannot (headless mode;
   * `app.info` says so up front); INVALID_INPUT when the run has no worktree.
   */
  'runs.openIn': call(z.object({ runId: RunId, target: OpenTarget }).strict(), z.object({ opened: z.string() })),
  /** The branch names of each thread's runs in a repository (archived runs included), for searching threads. */
  'threads.branchNames': call(
    z.object({ repoId: RepoId }).strict(),
    z.array(z.object({ threadId: z.string(), branches: z.array(z.string()) })),
  ),
} as const;
