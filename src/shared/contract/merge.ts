// Merge a run into its base branch (computed off to the side, published atomically), undo it, and
// the never-lose-work lifecycle of runs: archive (worktree removed, branch and backup kept), restore,
// delete after confirmation.
import { z } from 'zod';
import { call, nulFreeString } from './define';
import { ProfileId, RepoId, RunId, ThreadId } from '../ids';
import { Run } from './runs';

export const MergeMode = z.enum(['merge', 'squash', 'rebase']);

export const MergeOutcome = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('merged'), mergeId: z.string(), oldTip: z.string(), newTip: z.string(), mode: MergeMode, checkout: z.string().nullable() }),
  z.object({ kind: z.literal('conflict'), files: z.array(z.string()), message: z.string() }),
  z.object({ kind: z.literal('nothing-to-merge'), message: z.string() }),
  z.object({ kind: z.literal('base-moved'), message: z.string() }),
  z.object({ kind: z.literal('dirty-checkout'), path: z.string(), files: z.array(z.string()), message: z.string() }),
]);
export type MergeOutcome = z.infer<typeof MergeOutcome>;

export const MergeRecord = z.object({
  id: z.string(),
  runId: z.string(),
  threadId: z.string(),
  baseBranch: z.string(),
  mode: MergeMode,
  state: z.enum(['pending', 'published', 'failed', 'undone']),
  oldTip: z.string(),
  newTip: z.string(),
  message: z.string(),
  createdAt: z.number(),
  publishedAt: z.number().nullable(),
  undoneAt: z.number().nullable(),
});
export type MergeRecord = z.infer<typeof MergeRecord>;

const Listing = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() });
export const LossReport = z.object({
  worktreeExists: z.boolean(),
  modified: Listing(z.string()),
  untracked: Listing(z.string()),
  ignored: Listing(z.string()),
  unmergedCommits: Listing(z.object({ sha: z.string(), subject: z.string() })),
  backupCommit: z.string().nullable(),
});
export type LossReport = z.infer<typeof LossReport>;

const runRef = z.object({ runId: RunId }).strict();

export const mergeContract = {
  /**
   * Merges the run's branch into its thread's base branch. A snapshot of the run's work goes to
   * refs/switchyard/backup/<run> first. Refusals (dirty checkout, moved base, conflicts) change nothing.
   */
  'merge.run': call(
    z.object({ runId: RunId, mode: MergeMode, message: nulFreeString().max(20_000), archiveOthers: z.boolean().optional() }).strict(),
    MergeOutcome,
  ),
  /**
   * After a conflict: starts an agent run in a new worktree where the base branch is merging this
   * run's branch, conflict markers in place; merge that run once it is done.
   */
  'merge.resolveWithAgent': call(z.object({ runId: RunId, profileId: ProfileId }).strict(), Run),
  /** Moves the base back to where it was, while it has not moved on since the merge. */
  'merge.undo': call(z.object({ mergeId: nulFreeString().min(1).max(64) }).strict(), z.object({ undone: z.boolean(), message: z.string() })),
  'merge.list': call(z.object({ threadId: ThreadId }).strict(), z.array(MergeRecord)),
  /** What deleting the run would lose: for the confirmation. */
  'runs.describeLoss': call(runRef, LossReport),
  /** Backs the run's work up to its backup ref, then removes its worktree. Branch and backup stay. */
  'runs.archive': call(runRef, Run),
  /** Recreates an archived run's worktree with its uncommitted work. */
  'runs.restore': call(runRef, Run),
  /** Archives, then deletes the branch only if fully merged; the backup ref always stays. */
  'runs.delete': call(
    z.object({ runId: RunId, confirm: z.literal(true, { message: 'deleting needs confirmation' }) }).strict(),
    z.object({ run: Run, branchDeleted: z.boolean(), backupRef: z.string() }),
  ),
  /** Archived runs of a repository (the trash), newest first. */
  'runs.listArchived': call(z.object({ repoId: RepoId }).strict(), z.array(Run)),
} as const;
