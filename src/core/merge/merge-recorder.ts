// Merge with a durable record: the intent ('pending', with old and new tip) is written after the
// merge is computed and before it is published, the outcome after. A crash in between leaves a
// pending row; settlePendingMerges (start-up) reads the base tip to learn which side of the
// publish the crash fell on and fixes the row. Also undo by record id.
import { AppError } from '../../shared/errors';
import type { RepoId, RunId, ThreadId } from '../../shared/ids';
import type { FaultHook } from '../faults';
import { type GitRunner } from '../git/git-runner';
import { isAncestor, resolveCommit } from '../lifecycle/plumbing';
import { merge, undoMerge, type MergeHooks, type MergeRequest, type MergeResult, type UndoResult } from './merge-engine';
import { type MergeRecord, type MergesRepo } from './merges-repo';

export interface RecordedMergeRequest extends MergeRequest {
  /** Id of the merge row to write. */
  mergeId: string;
  runId: RunId;
  threadId: ThreadId;
  repoId: RepoId;
}

export interface RecorderOptions {
  now?: () => number;
  /** Runs after the pending row is written, before publishing (test seam). */
  onComputed?: MergeHooks['onComputed'];
  /** Fault-injection seam (tests only): 'merge.computed' after the pending row, 'merge.published' before recording the outcome. */
  onFault?: FaultHook;
}

/** Merges and records it; the row (null when nothing was computed, e.g. conflicts) ends published or failed. */
export async function recordedMerge(
  git: GitRunner, merges: MergesRepo, req: RecordedMergeRequest, opts: RecorderOptions = {},
): Promise<{ result: MergeResult; record: MergeRecord | null }> {
  const now = opts.now ?? Date.now;
  // A box, not a plain variable: it is filled inside the callback.
  const box: { record: MergeRecord | null } = { record: null };
  let result: MergeResult;
  try {
    result = await merge(git, req, {
      onComputed: async (c) => {
        box.record = merges.insert({
          id: req.mergeId, runId: req.runId, threadId: req.threadId, repoId: req.repoId, baseBranch: req.baseBranch,
          mode: c.mode, oldTip: c.oldTip, newTip: c.newTip, message: req.message, createdAt: now(),
        });
        await opts.onComputed?.(c);
        opts.onFault?.('merge.computed');
      },
    });
  } catch (err) {
    // Publishing may or may not have happened: let the base tip decide, as after a crash.
    if (box.record) await settleMerge(git, merges, box.record, now).catch(() => undefined);
    throw err;
  }
  const written = box.record;
  if (!written) return { result, record: null };
  if (result.kind === 'merged') opts.onFault?.('merge.published');
  if (result.kind === 'merged') return { result, record: merges.markPublished(written.id, now()) };
  const reason = 'message' in result ? result.message : 'The merge was not published.';
  return { result, record: merges.markFailed(written.id, reason) };
}

export interface Settled {
  id: string;
  /** The state the row ended in; 'pending' when the repository could not be read (retried next start). */
  state: MergeRecord['state'];
}

/**
 * Start-up check of merges left 'pending' by a crash. Base at new_tip, or containing it, means the
 * publish happened (crash before the outcome was recorded): 'published', stamped now. Base at
 * old_tip means it did not (crash between computing and publishing): 'failed'. Anything else
 * means the merge is not in the base: 'failed' with that reason. Never moves a ref.
 */
export async function settlePendingMerges(git: GitRunner, merges: MergesRepo, now: () => number = Date.now): Promise<Settled[]> {
  const settled: Settled[] = [];
  for (const record of merges.listPending()) settled.push(await settleMerge(git, merges, record, now));
  return settled;
}

async function settleMerge(git: GitRunner, merges: MergesRepo, record: MergeRecord, now: () => number): Promise<Settled> {
  let tip: string | null;
  try {
    tip = await resolveCommit(git, record.repoPath, `refs/heads/${record.baseBranch}`);
  } catch {
    return { id: record.id, state: 'pending' };
  }
  if (tip !== null && (tip === record.newTip || (await isAncestor(git, record.repoPath, record.newTip, tip)))) {
    return { id: record.id, state: merges.markPublished(record.id, now()).state };
  }
  const reason = tip === record.oldTip
    ? 'Switchyard stopped before publishing this merge; nothing was changed.'
    : tip === null
      ? `The base branch ${record.baseBranch} no longer exists; the merge was not published.`
      : `The base branch ${record.baseBranch} does not contain this merge; it was not published.`;
  return { id: record.id, state: merges.markFailed(record.id, reason).state };
}

/** Undoes a published merge by its record, while the base still points at its new tip. */
export async function undoRecordedMerge(
  git: GitRunner, merges: MergesRepo, mergeId: string, now: () => number = Date.now,
): Promise<{ result: UndoResult; record: MergeRecord }> {
  const record = merges.get(mergeId);
  if (!record) throw new AppError('NOT_FOUND', `Merge ${mergeId} was not found.`);
  if (record.state !== 'published') throw new AppError('INVALID_INPUT', `This merge is ${record.state}; only a published merge can be undone.`);
  const result = await undoMerge(git, { repoPath: record.repoPath, baseBranch: record.baseBranch, oldTip: record.oldTip, newTip: record.newTip });
  return { result, record: result.kind === 'undone' ? merges.markUndone(record.id, now()) : record };
}
