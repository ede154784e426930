// Decides whether a checkout that has the base branch checked out may be moved from one commit to
// another (a fast-forward merge, or an undo): the rule is no tracked change at all, no operation in
// progress, and no untracked OR ignored path where the move writes. Other untracked and ignored
// files are allowed and left alone. Git itself would silently overwrite ignored files (and refuse
// only for untracked ones), so the check is done here, before git runs. Reads only.
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { type GitRunner } from '../git/git-runner';
import { readWorktreeStatus } from '../lifecycle/status-porcelain';

export type CheckoutProblemReason = 'uncommitted-changes' | 'untracked-in-the-way' | 'operation-in-progress' | 'worktree-missing';

export interface CheckoutProblem {
  path: string;
  reason: CheckoutProblemReason;
  files: string[];
  /** What is wrong and exactly what to do, in plain sentences. */
  message: string;
}

/** Markers of an unfinished operation, by git-path: a move now would mix into it. */
const IN_PROGRESS: Array<[string, string]> = [
  ['MERGE_HEAD', 'merge'],
  ['CHERRY_PICK_HEAD', 'cherry-pick'],
  ['REVERT_HEAD', 'revert'],
  ['rebase-merge', 'rebase'],
  ['rebase-apply', 'rebase or am'],
];

/** Most file names quoted in a message; the files array carries them all. */
const NAMES_IN_MESSAGE = 5;

export async function checkCheckoutCanMove(
  git: GitRunner,
  req: { worktreePath: string; branch: string; from: string; to: string; action: 'merge' | 'undo' },
): Promise<CheckoutProblem | null> {
  const at = req.worktreePath;
  const again = req.action === 'merge' ? 'merge again' : 'undo the merge again';
  if (!(await lstat(at).then((s) => s.isDirectory(), () => false))) {
    return problem(at, 'worktree-missing', [], `${req.branch} is checked out at ${at}, but that folder is missing. Restore it (or, if it was removed on purpose, run \`git worktree prune\`), then ${again}. Nothing was changed.`);
  }
  const paths = await git.run(['rev-parse', '--path-format=absolute', ...IN_PROGRESS.flatMap(([p]) => ['--git-path', p])], { cwd: at, readOnly: true });
  const markers = paths.stdout.split('\n');
  for (const [i, [, what]] of IN_PROGRESS.entries()) {
    const marker = markers[i];
    if (marker && (await lstat(marker).then(() => true, () => false))) {
      return problem(at, 'operation-in-progress', [], `${at} is in the middle of a ${what}. Finish or abort it there, then ${again}. Nothing was changed.`);
    }
  }
  const status = await readWorktreeStatus(git, at);
  if (status.tracked.length > 0) {
    return problem(
      at, 'uncommitted-changes', status.tracked,
      `${at} has uncommitted changes in ${count(status.tracked)} (${names(status.tracked)}). Commit or stash them there ` +
        `(for example \`git stash --include-untracked\`), then ${again}. Nothing was changed.`,
    );
  }
  const inTheWay = await pathsInTheWay(git, at, req.from, req.to);
  if (inTheWay.length > 0) {
    return problem(
      at, 'untracked-in-the-way', inTheWay,
      `Files in ${at} that git does not track are where the ${req.action === 'merge' ? 'merge' : 'undo'} would write: ${names(inTheWay)}. ` +
        `Move, delete or commit them, then ${again}. Nothing was changed.`,
    );
  }
  return null;
}

/**
 * Untracked or ignored paths the move from `from` to `to` would overwrite, in a checkout that has
 * no tracked changes (so every tracked path matches `from`): a path added by `to` that exists on
 * disk; a folder of `from` that `to` turns into a file and that holds untracked files; a file on
 * disk where `to` needs a folder and that `from` does not track.
 */
async function pathsInTheWay(git: GitRunner, root: string, from: string, to: string): Promise<string[]> {
  const diff = await git.run(['diff-tree', '-r', '-z', '--no-renames', '--name-status', from, to], { cwd: root, readOnly: true });
  const fields = diff.stdout.split('\0');
  const added: string[] = [];
  const deleted = new Set<string>();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i] ?? '';
    const file = fields[i + 1] ?? '';
    if (status === 'A') added.push(file);
    else if (status === 'D') deleted.add(file);
  }
  const found = new Set<string>();
  const kinds = new Map<string, 'dir' | 'other' | 'none'>();
  const kindOf = async (rel: string): Promise<'dir' | 'other' | 'none'> => {
    let k = kinds.get(rel);
    if (!k) {
      const info = await lstat(path.join(root, rel)).catch(() => null);
      k = !info ? 'none' : info.isDirectory() ? 'dir' : 'other';
      kinds.set(rel, k);
    }
    return k;
  };
  for (const file of added) {
    const kind = await kindOf(file);
    if (kind === 'other') found.add(file);
    else if (kind === 'dir') {
      const inside = await git.run(['--literal-pathspecs', 'ls-files', '--others', '-z', '--', file], { cwd: root, readOnly: true });
      for (const f of inside.stdout.split('\0')) if (f !== '') found.add(f);
    } else {
      const parts = file.split('/');
      for (let n = 1; n < parts.length; n++) {
        const dir = parts.slice(0, n).join('/');
        if ((await kindOf(dir)) === 'other' && !deleted.has(dir)) found.add(dir);
      }
    }
  }
  return [...found].sort();
}

function problem(at: string, reason: CheckoutProblemReason, files: string[], message: string): CheckoutProblem {
  return { path: at, reason, files, message };
}

function count(files: string[]): string {
  return files.length === 1 ? '1 file' : `${files.length} files`;
}

function names(files: string[]): string {
  const shown = files.slice(0, NAMES_IN_MESSAGE).join(', ');
  return files.length > NAMES_IN_MESSAGE ? `${shown} and ${files.length - NAMES_IN_MESSAGE} more` : shown;
}
