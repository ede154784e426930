// The raw change list of a run: its merge-base with the base branch, every tracked path that differs
// between that merge-base and the working tree (committed, staged and unstaged work together), with
// modes, blob ids and line counts from one `git diff --raw --numstat`, plus the untracked files that
// are not ignored. Read-only: every git call takes no optional locks. Loads no patch.
import { AppError } from '../../shared/errors';
import { gitStderrOf } from '../git/git-output';
import { type GitRunner } from '../git/git-runner';
import { LITERAL_PATHS_ENV } from './paths';

export type FileStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed' | 'unmerged';

/** One tracked path of `git diff --raw --numstat` against the merge-base. */
export interface TrackedChange {
  path: string;
  /** Set for renames and copies: the path at the merge-base. */
  oldPath?: string;
  status: FileStatus;
  /** Octal modes as git prints them (`100644`, `100755`, `120000` symlink, `160000` submodule, `000000` none). */
  oldMode: string;
  newMode: string;
  oldBlob: string;
  /** All zeros when the working-tree file differs from the index: git has not hashed it. */
  newBlob: string;
  added: number;
  removed: number;
  binary: boolean;
}

export interface ChangeList {
  mergeBase: string;
  tracked: TrackedChange[];
  /** Untracked, not ignored paths; a nested repository shows as its folder with a trailing `/`. */
  untracked: string[];
  /** Untracked paths beyond MAX_UNTRACKED_FILES, counted but not listed. */
  omittedUntracked: number;
}

/**
 * Most untracked files listed for one run. An agent that ran `npm install` in a repository without
 * a .gitignore leaves 100,000 files; listing them all would freeze the file tree for no reviewer's
 * benefit. 5,000 is more than any real change; the rest is reported as a count.
 */
export const MAX_UNTRACKED_FILES = 5_000;

/** Paths passed to one `git hash-object` call: well below any OS argument-length limit (Windows: 32 KiB of command line). */
export const HASH_BATCH_FILES = 200;

/** Blob id git prints for "no object" / "not hashed yet"; its length tells SHA-1 from SHA-256 repositories. */
export const isNullBlob = (sha: string): boolean => /^0+$/.test(sha);

/**
 * Flags of every diff the review code runs: full blob ids, rename detection, no external diff
 * drivers or textconv programs (repository config must not run programs from app plumbing),
 * no colour whatever `color.ui` says, and the standard `a/` `b/` prefixes whatever `diff.noprefix` says.
 */
export const DIFF_FLAGS = ['--no-ext-diff', '--no-textconv', '--no-color', '-M', '--src-prefix=a/', '--dst-prefix=b/'];

const STATUS_OF: Record<string, FileStatus> = {
  A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type-changed', U: 'unmerged',
};

/** Ref names cannot contain these (git check-ref-format), so a name with none of them is never revision syntax. */
const NOT_A_BRANCH = /[\s~^:?*[\\\0]|\.\.|@\{|^-|^\/|\/$|\.lock$|^$/;

/**
 * The merge-base of the worktree's HEAD and `refs/heads/<baseBranch>`, in one git call. The full
 * ref name is used, so `main^` or `HEAD~2` can never be interpreted as revision syntax.
 */
export async function resolveMergeBase(git: GitRunner, worktreePath: string, baseBranch: string): Promise<string> {
  if (NOT_A_BRANCH.test(baseBranch)) throw new AppError('BRANCH_NOT_FOUND', `No branch named ${baseBranch} in this repository.`);
  const mb = await git.run(['merge-base', `refs/heads/${baseBranch}`, 'HEAD'], { cwd: worktreePath, readOnly: true, allowedExitCodes: [0, 1, 128] });
  const mergeBase = mb.stdout.trim();
  if (mb.code === 128 && /Not a valid object name refs\/heads\//.test(mb.stderr)) {
    throw new AppError('BRANCH_NOT_FOUND', `No branch named ${baseBranch} in this repository.`);
  }
  if (mb.code === 128) throw new AppError('GIT_FAILED', `git merge-base: ${mb.stderr.trim().split('\n')[0] ?? 'failed'}`);
  if (mb.code !== 0 || mergeBase === '') {
    throw new AppError('GIT_FAILED', `The work in ${worktreePath} shares no history with ${baseBranch}, so it has no diff against it.`);
  }
  return mergeBase;
}

/**
 * The merge-base with `baseBranch`, the tracked changes against it and the untracked files, from
 * three git calls run at once (`git diff --merge-base` finds the same merge-base itself).
 */
export async function readChanges(git: GitRunner, worktreePath: string, baseBranch: string): Promise<ChangeList> {
  const read = { cwd: worktreePath, readOnly: true, env: LITERAL_PATHS_ENV } as const;
  const [mergeBase, diff, others] = await Promise.allSettled([
    resolveMergeBase(git, worktreePath, baseBranch),
    git.run(['diff', '--raw', '--numstat', '-z', '--no-abbrev', ...DIFF_FLAGS, '--merge-base', `refs/heads/${baseBranch}`, '--'], read),
    git.run(['ls-files', '--others', '--exclude-standard', '-z'], read),
  ]);
  // The merge-base's error explains a missing branch or unrelated history best: report it first.
  if (mergeBase.status === 'rejected') throw mergeBase.reason;
  if (others.status === 'rejected') throw others.reason;
  let tracked: string;
  if (diff.status === 'fulfilled') tracked = diff.value.stdout;
  else if (/multiple merge bases/.test(gitStderrOf(diff.reason) ?? '')) {
    // Criss-cross history: `--merge-base` refuses to choose; diff against the one merge-base picked.
    tracked = (await git.run(['diff', '--raw', '--numstat', '-z', '--no-abbrev', ...DIFF_FLAGS, mergeBase.value, '--'], read)).stdout;
  } else throw diff.reason;
  const all = others.value.stdout.split('\0').filter((f) => f !== '');
  const untracked = all.slice(0, MAX_UNTRACKED_FILES);
  return { mergeBase: mergeBase.value, tracked: parseRawNumstat(tracked), untracked, omittedUntracked: all.length - untracked.length };
}

/**
 * Parses `git diff --raw --numstat -z`: first one raw record per path
 * (`:oldmode newmode oldsha newsha X\0path\0`, or `...R086\0old\0new\0` for renames and copies),
 * then one numstat record per path, matched by its (new) path (`added\tremoved\tpath\0`, or
 * `added\tremoved\t\0old\0new\0`; `-\t-` for binary files).
 */
export function parseRawNumstat(stdout: string): TrackedChange[] {
  const fields = stdout.split('\0');
  const changes: TrackedChange[] = [];
  const byPath = new Map<string, TrackedChange>();
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? '';
    if (field === '') continue;
    if (field.startsWith(':')) {
      const [oldMode = '', newMode = '', oldBlob = '', newBlob = '', code = ''] = field.slice(1).split(' ');
      const letter = code.charAt(0);
      const first = fields[++i] ?? '';
      const change: TrackedChange = { path: first, status: STATUS_OF[letter] ?? 'modified', oldMode, newMode, oldBlob, newBlob, added: 0, removed: 0, binary: false };
      if (letter === 'R' || letter === 'C') {
        change.oldPath = first;
        change.path = fields[++i] ?? '';
      }
      changes.push(change);
      byPath.set(change.path, change);
      continue;
    }
    // Split at the first two tabs only: a path may contain tabs.
    const t1 = field.indexOf('\t');
    const t2 = field.indexOf('\t', t1 + 1);
    const added = field.slice(0, t1);
    const removed = field.slice(t1 + 1, t2);
    const inline = t1 === -1 || t2 === -1 ? '' : field.slice(t2 + 1);
    let file = inline;
    if (inline === '') {
      // A rename or copy: the old and the new path follow as their own fields.
      file = fields[i + 2] ?? '';
      i += 2;
    }
    const change = byPath.get(file);
    if (!change) continue;
    change.binary = added === '-' && removed === '-';
    change.added = toCount(added);
    change.removed = toCount(removed);
  }
  return changes;
}

function toCount(s: string): number {
  const n = Number.parseInt(s, 10);
  return Number.isFinite(n) ? n : 0;
}
