// Review and compare: a run's diff against its base, single-file patches, the files x runs matrix,
// one file's versions across runs, the diff between two runs' versions, and the checks scorecard.
import { z } from 'zod';
import { call, nulFreeString } from './define';
import { RunId, ThreadId } from '../ids';
import { Run } from './runs';

const RepoRelativePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte');

export const FileStatus = z.enum(['added', 'modified', 'deleted', 'renamed', 'copied', 'type-changed', 'unmerged']);

export const DiffFile = z.object({
  path: z.string(),
  oldPath: z.string().optional(),
  status: FileStatus,
  kind: z.enum(['file', 'symlink', 'submodule']),
  untracked: z.boolean(),
  added: z.number(),
  removed: z.number(),
  binary: z.boolean(),
  /** The patch may exceed the size cap; ask with `allowLarge` to load it anyway. */
  tooLarge: z.boolean(),
  patchBytes: z.number(),
  /** The user marked this file viewed and it has not changed since ("changes since my last review"). */
  viewed: z.boolean(),
});
export type DiffFile = z.infer<typeof DiffFile>;

export const RunDiff = z.object({
  mergeBase: z.string(),
  files: z.array(DiffFile),
  added: z.number(),
  removed: z.number(),
  omittedUntracked: z.number(),
});
export type RunDiff = z.infer<typeof RunDiff>;

export const FilePatch = z.object({ patch: z.string().nullable(), binary: z.boolean(), tooLarge: z.boolean(), patchBytes: z.number() });
export type FilePatch = z.infer<typeof FilePatch>;

const CompareCell = z.object({
  status: FileStatus,
  oldPath: z.string().optional(),
  added: z.number(),
  removed: z.number(),
  binary: z.boolean(),
  untracked: z.boolean(),
  /** Runs with the same variant number ended with identical content. */
  variant: z.number(),
});
export const CompareMatrix = z.object({
  runs: z.array(z.object({ runId: z.string(), mergeBase: z.string(), files: z.number(), added: z.number(), removed: z.number(), omittedUntracked: z.number() })),
  files: z.array(
    z.object({
      path: z.string(),
      cells: z.record(z.string(), CompareCell.nullable()),
      touchedBy: z.number(),
      agreement: z.enum(['single', 'agree', 'differ']),
    }),
  ),
});
export type CompareMatrix = z.infer<typeof CompareMatrix>;

const FileVersion = z.object({
  exists: z.boolean(),
  kind: z.string(),
  size: z.number(),
  binary: z.boolean(),
  tooLarge: z.boolean(),
  content: z.string().nullable(),
});
export const FileVersions = z.object({ path: z.string(), base: FileVersion, runs: z.record(z.string(), FileVersion) });
export type FileVersions = z.infer<typeof FileVersions>;

export const ScorecardRow = z.object({
  runId: z.string(),
  rank: z.number(),
  passed: z.number(),
  failed: z.number(),
  running: z.number(),
  total: z.number(),
  diffLines: z.number().nullable(),
  statuses: z.record(z.string(), z.string()),
});
export type ScorecardRow = z.infer<typeof ScorecardRow>;

const runIds = z.array(RunId).min(2, 'pick at least two runs to compare').max(16);

export const reviewContract = {
  /** The run's changes against the merge-base with its base branch, uncommitted and untracked work included. */
  'review.runDiff': call(z.object({ runId: RunId }).strict(), RunDiff),
  /** One file's unified patch; binary and over-cap files are reported, not loaded (unless allowLarge). */
  'review.filePatch': call(
    z.object({ runId: RunId, path: RepoRelativePath, oldPath: RepoRelativePath.optional(), allowLarge: z.boolean().optional() }).strict(),
    FilePatch,
  ),
  /** Marks a file viewed (or not) at its current content; the mark clears itself when the file changes again. */
  'review.markViewed': call(z.object({ runId: RunId, path: RepoRelativePath, viewed: z.boolean() }).strict(), z.object({})),
  /** Files x runs: who touched what, +/-, and where the runs agree or differ. */
  'compare.matrix': call(z.object({ threadId: ThreadId, runIds }).strict(), CompareMatrix),
  /** One file as it is in the base and in each run, for side-by-side reading (size-capped). */
  'compare.fileVersions': call(z.object({ threadId: ThreadId, path: RepoRelativePath, runIds }).strict(), FileVersions),
  /** Unified diff of run A's version of a file against run B's. */
  'compare.diffBetween': call(
    z.object({ runA: RunId, runB: RunId, path: RepoRelativePath }).strict(),
    z.object({ patch: z.string().nullable(), identical: z.boolean(), binary: z.boolean(), tooLarge: z.boolean() }),
  ),
  /**
   * A new run whose branch holds the picked files (or hunks, numbered as in review.filePatch) of the
   * thread's runs on its base commit; review, check and merge it like any other run.
   */
  'threads.compose': call(
    z
      .object({
        threadId: ThreadId,
        picks: z.array(z.object({ path: RepoRelativePath, fromRunId: RunId, hunks: z.array(z.number().int().nonnegative()).max(10_000).optional() }).strict()).min(1, 'pick at least one file').max(5_000),
        message: nulFreeString().max(20_000).optional(),
      })
      .strict(),
    Run,
  ),
  /** The thread's runs ranked: most checks passing, then smallest diff. */
  'compare.scorecard': call(z.object({ threadId: ThreadId }).strict(), z.array(ScorecardRow)),
} as const;
