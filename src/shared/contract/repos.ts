// Repositories: open a folder as a git repository, list recent ones, read branches.
import { z } from 'zod';
import { call } from './define';
import { RepoId } from '../ids';

export const Repo = z.object({
  id: RepoId,
  /** Top level of the working tree (resolved with realpath). */
  path: z.string(),
  name: z.string(),
  /** Branch checked out in the main working tree; null when HEAD is detached. */
  currentBranch: z.string().nullable(),
  lastOpenedAt: z.number(),
});
export type Repo = z.infer<typeof Repo>;

/**
 * An absolute folder path (POSIX `/…`, Windows `C:\…` or `\\server\…`), or one in the home folder of
 * the machine the core runs on (`~` or `~/…`, as a shell would read it): a relative one would be read
 * from wherever the core happens to run, not from anything the user sees.
 */
const RepoPath = z
  .string()
  .min(1, 'enter a folder path')
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte')
  .refine((p) => /^(\/|~(\/|$)|[A-Za-z]:[\\/]|\\\\)/.test(p), 'enter the full path of the folder (starting with / or ~/)');

export const reposContract = {
  /** Opens a folder: resolves its git top level and remembers it. Clear errors for every bad folder. */
  'repos.open': call(z.object({ path: RepoPath }).strict(), Repo),
  /** Recently opened repositories, most recent first. */
  'repos.listRecent': call(z.object({}).strict(), z.array(Repo)),
  /** Local branches of a repository and the one checked out. */
  'repos.branches': call(
    z.object({ repoId: RepoId }).strict(),
    z.object({ branches: z.array(z.string()), current: z.string().nullable() }),
  ),
  /** Shows the native folder picker (desktop only); null when cancelled. */
  'repos.pickFolder': call(z.object({}).strict(), z.object({ path: z.string().nullable() })),
} as const;
