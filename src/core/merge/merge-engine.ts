// Merges a run's branch into its base branch without ever touching a checkout that is not clean:
// compute off to the side (merge-compute.ts), then publish atomically. A base branch checked out
// nowhere moves by compare-and-swap `update-ref`; a checked-out one only by `merge --ff-only` in
// that checkout after checkout-guard.ts found it safe. undoMerge moves the base back the same way.
import { AppError } from '../../shared/errors';
import { type GitRunner } from '../git/git-runner';
import { assertBranchName, isAncestor, listWorktrees, resolveCommit, userIdentity, withRepoWriteLock } from '../lifecycle/plumbing';
import { checkCheckoutCanMove, type CheckoutProblem } from './checkout-guard';
import { computeMerge, MERGE_MODES, type MergeMode } from './merge-compute';

export type { MergeMode } from './merge-compute';

export interface MergeRequest {
  repoPath: string;
  baseBranch: string;
  runBranch: string;
  mode: MergeMode;
  /** Message of the merge or squash commit; rebase keeps each commit's own message. */
  message: string;
  /** The base tip the user reviewed against; a different current tip is reported as base-moved. */
  expectedBaseTip?: string;
}

export interface MergeHooks {
  /** Called after computing and before publishing, with the repository lock held: the place to record intent (and a test seam). */
  onComputed?: (computed: { oldTip: string; newTip: string; mode: MergeMode }) => void | Promise<void>;
}

export type BaseMoved = { kind: 'base-moved'; expected: string; actual: string | null; message: string };
export type DirtyCheckout = { kind: 'dirty-checkout' } & CheckoutProblem;

export type MergeResult =
  | { kind: 'merged'; oldTip: string; newTip: string; mode: MergeMode; /** Checkout fast-forwarded, or null for a ref-only update. */ checkout: string | null }
  | { kind: 'conflict'; files: string[]; /** For rebase: the run commit that conflicts. */ atCommit: string | null; message: string }
  | { kind: 'nothing-to-merge'; oldTip: string; message: string }
  | BaseMoved
  | DirtyCheckout;

export type UndoResult = { kind: 'undone'; oldTip: string; newTip: string; checkout: string | null } | BaseMoved | DirtyCheckout;

export async function merge(git: GitRunner, req: MergeRequest, hooks: MergeHooks = {}): Promise<MergeResult> {
  await git.assertSupported(); // merge-tree --write-tree needs git 2.38
  if (!MERGE_MODES.includes(req.mode)) throw new AppError('INVALID_INPUT', `"${String(req.mode)}" is not a merge mode.`);
  if (req.mode !== 'rebase' && req.message.trim() === '') throw new AppError('INVALID_INPUT', 'The commit message is empty; write one, then merge again.');
  await assertBranchName(git, req.repoPath, req.baseBranch);
  await assertBranchName(git, req.repoPath, req.runBranch);
  if (req.baseBranch === req.runBranch) throw new AppError('INVALID_INPUT', `Cannot merge ${req.runBranch} into itself.`);

  return withRepoWriteLock(git, req.repoPath, async () => {
    const oldTip = await branchTip(git, req.repoPath, req.baseBranch);
    const runTip = await branchTip(git, req.repoPath, req.runBranch);
    if (req.expectedBaseTip !== undefined && req.expectedBaseTip !== oldTip) return baseMoved(req.baseBranch, req.expectedBaseTip, oldTip);

    const identity = await userIdentity(git, req.repoPath);
    const computed = await computeMerge(git, { repoPath: req.repoPath, oldTip, runTip, mode: req.mode, message: req.message, identity });
    if (computed.kind === 'conflict') {
      const n = computed.files.length;
      return {
        ...computed,
        message: `Merging ${req.runBranch} into ${req.baseBranch} conflicts in ${n === 1 ? '1 file' : `${n} files`}. ` +
          'Nothing was changed; resolve the conflicts in a run (its own worktree), never in your checkout.',
      };
    }
    if (computed.kind === 'nothing-to-merge') {
      return { kind: 'nothing-to-merge', oldTip, message: `${req.baseBranch} already has every change of ${req.runBranch}; nothing was changed.` };
    }
    await hooks.onComputed?.({ oldTip, newTip: computed.newTip, mode: req.mode });
    const published = await publish(git, req.repoPath, req.baseBranch, oldTip, computed.newTip, 'merge');
    if (published.kind !== 'moved') return published;
    return { kind: 'merged', oldTip, newTip: computed.newTip, mode: req.mode, checkout: published.checkout };
  });
}

/**
 * Moves the base back from newTip to oldTip, only while it is still at newTip. Not checked out:
 * compare-and-swap `update-ref`. Checked out: `git reset --keep <oldTip>` in that checkout, after
 * checkout-guard.ts found no tracked change and nothing untracked or ignored in the way (stricter
 * than --keep alone, which tolerates unrelated local changes and overwrites ignored files).
 */
export async function undoMerge(git: GitRunner, req: { repoPath: string; baseBranch: string; oldTip: string; newTip: string }): Promise<UndoResult> {
  await assertBranchName(git, req.repoPath, req.baseBranch);
  return withRepoWriteLock(git, req.repoPath, async () => {
    const actual = await resolveCommit(git, req.repoPath, `refs/heads/${req.baseBranch}`);
    if (actual !== req.newTip) return baseMoved(req.baseBranch, req.newTip, actual, 'undo');
    if (!(await isAncestor(git, req.repoPath, req.oldTip, req.newTip))) {
      throw new AppError('INVALID_INPUT', `${req.oldTip.slice(0, 12)} is not an earlier state of ${req.baseBranch}; Switchyard will not move the branch there.`);
    }
    const published = await publish(git, req.repoPath, req.baseBranch, req.newTip, req.oldTip, 'undo');
    if (published.kind !== 'moved') return published;
    return { kind: 'undone', oldTip: req.oldTip, newTip: req.newTip, checkout: published.checkout };
  });
}

type Published = { kind: 'moved'; checkout: string | null } | BaseMoved | DirtyCheckout;

/** Moves refs/heads/<branch> from `from` to `to` atomically, or reports why not; caller holds the lock. */
async function publish(git: GitRunner, repoPath: string, branch: string, from: string, to: string, action: 'merge' | 'undo'): Promise<Published> {
  const ref = `refs/heads/${branch}`;
  const holders = (await listWorktrees(git, repoPath)).filter((w) => w.branch === branch);
  if (holders.length > 1) {
    throw new AppError('UNSUPPORTED', `${branch} is checked out in ${holders.length} worktrees (${holders.map((h) => h.path).join(', ')}); check it out in one only, then try again.`);
  }
  const current = await resolveCommit(git, repoPath, ref);
  if (current !== from) return baseMoved(branch, from, current, action);
  const holder = holders[0];

  if (!holder) {
    try {
      await git.run(['update-ref', '-m', `switchyard: ${action} ${to.slice(0, 12)}`, ref, to, from], { cwd: repoPath });
    } catch (err) {
      const actual = await resolveCommit(git, repoPath, ref);
      if (actual !== from) return baseMoved(branch, from, actual, action);
      throw err;
    }
    return { kind: 'moved', checkout: null };
  }

  const problem = await checkCheckoutCanMove(git, { worktreePath: holder.path, branch, from, to, action });
  if (problem) return { kind: 'dirty-checkout', ...problem };
  const args = action === 'merge'
    ? ['merge', '--ff-only', '--no-autostash', '--no-verify-signatures', '--no-stat', '-q', to]
    : ['reset', '-q', '--keep', to];
  try {
    await git.run(args, { cwd: holder.path });
  } catch (err) {
    // git checks every path before it writes any, so a refusal here changed nothing.
    const actual = await resolveCommit(git, repoPath, ref);
    if (actual !== from) return baseMoved(branch, from, actual, action);
    const again = await checkCheckoutCanMove(git, { worktreePath: holder.path, branch, from, to, action });
    if (again) return { kind: 'dirty-checkout', ...again };
    throw err;
  }
  return { kind: 'moved', checkout: holder.path };
}

async function branchTip(git: GitRunner, repoPath: string, branch: string): Promise<string> {
  const tip = await resolveCommit(git, repoPath, `refs/heads/${branch}`);
  if (!tip) throw new AppError('BRANCH_NOT_FOUND', `No branch named ${branch} in this repository.`);
  return tip;
}

function baseMoved(branch: string, expected: string, actual: string | null, action: 'merge' | 'undo' = 'merge'): BaseMoved {
  const now = actual ? `is now at ${actual.slice(0, 12)}` : 'no longer exists';
  const what = action === 'merge'
    ? 'Look at the new commits, then merge again.'
    : 'New commits are on it since the merge, so undoing would drop them; use `git revert` for the merge commit instead.';
  return { kind: 'base-moved', expected, actual, message: `${branch} moved: it was at ${expected.slice(0, 12)} and ${now}. Nothing was changed. ${what}` };
}
