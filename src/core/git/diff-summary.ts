// Size of a run's work against its base: files and lines changed since the merge-base, including
// uncommitted tracked edits and untracked (not ignored) files. Read-only: takes no optional locks.
import { lstat, open } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { type GitRunner } from './git-runner';
import { resolveBranchCommit } from './repo-inspector';

export interface DiffSummary {
  files: number;
  added: number;
  removed: number;
}

/**
 * Most bytes read from one untracked file to count its lines, in bytes. 8 MiB covers any source
 * file; a larger file (a dump, a log) counts only the lines in its first 8 MiB.
 */
export const UNTRACKED_READ_CAP_BYTES = 8 * 1024 * 1024;
/**
 * Most bytes read from all untracked files of one summary, in bytes. Past it (say an agent wrote a
 * vendored tree without a .gitignore), further files still count as files but add no lines.
 */
export const UNTRACKED_TOTAL_READ_BYTES = 128 * 1024 * 1024;
/** Bytes git inspects for a NUL to call a file binary; the same heuristic as git's (first 8000 bytes). */
export const BINARY_SNIFF_BYTES = 8000;
/** Untracked files read at the same time (files): enough to hide disk latency, few enough to spare file handles. */
export const UNTRACKED_READ_CONCURRENCY = 16;
/** Chunk size used to count lines, in bytes: large enough for few reads, small enough that 16 readers stay near 1 MiB. */
const READ_CHUNK_BYTES = 64 * 1024;

const NL = 0x0a;

export async function readDiffSummary(git: GitRunner, req: { worktreePath: string; baseBranch: string }): Promise<DiffSummary> {
  const cwd = req.worktreePath;
  const read = { cwd, readOnly: true } as const;
  const base = await resolveBranchCommit(git, cwd, req.baseBranch);
  const mb = await git.run(['merge-base', base, 'HEAD'], { ...read, allowedExitCodes: [0, 1] });
  const mergeBase = mb.stdout.trim();
  if (mb.code !== 0 || mergeBase === '') {
    throw new AppError('GIT_FAILED', `The work in ${cwd} shares no history with ${req.baseBranch}, so it has no diff against it.`);
  }

  // Merge-base against the working tree: committed and uncommitted tracked changes together.
  const diff = await git.run(['diff', '--numstat', '-z', '-M', '--no-ext-diff', '--no-textconv', mergeBase, '--'], read);
  const summary = parseNumstat(diff.stdout);

  const others = await git.run(['ls-files', '--others', '--exclude-standard', '-z'], read);
  const untracked = others.stdout.split('\0').filter((f) => f !== '');
  summary.files += untracked.length;
  summary.added += await countUntrackedLines(cwd, untracked);
  return summary;
}

/**
 * Parses `git diff --numstat -z`: `added\tremoved\tpath\0`, or for a rename or copy
 * `added\tremoved\t\0old\0new\0`; binary files show `-\t-` and count as 0/0.
 */
export function parseNumstat(stdout: string): DiffSummary {
  const fields = stdout.split('\0');
  const summary: DiffSummary = { files: 0, added: 0, removed: 0 };
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? '';
    if (field === '') continue;
    const [added = '-', removed = '-', file = ''] = field.split('\t');
    if (file === '') i += 2; // rename: the old and the new path follow as their own fields
    summary.files += 1;
    summary.added += toCount(added);
    summary.removed += toCount(removed);
  }
  return summary;
}

function toCount(s: string): number {
  const n = Number.parseInt(s, 10);
  return Number.isFinite(n) ? n : 0;
}

/** Sum of the line counts of the untracked files, reading a bounded number of bytes. */
async function countUntrackedLines(root: string, files: string[]): Promise<number> {
  let budget = UNTRACKED_TOTAL_READ_BYTES;
  let total = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const rel = files[next++] ?? '';
      const allowance = Math.min(UNTRACKED_READ_CAP_BYTES, budget);
      if (allowance <= 0) return;
      const { lines, bytesRead } = await countLines(path.join(root, rel), allowance);
      budget -= bytesRead;
      total += lines;
    }
  };
  await Promise.all(Array.from({ length: Math.min(UNTRACKED_READ_CONCURRENCY, files.length) }, worker));
  return total;
}

/**
 * Lines git would count for a new file: 0 when binary, 1 for a symlink (its target; never
 * followed out of the worktree), 0 for a nested repository or a file that vanished meanwhile.
 */
async function countLines(file: string, maxBytes: number): Promise<{ lines: number; bytesRead: number }> {
  const info = await lstat(file).catch(() => null);
  if (!info) return { lines: 0, bytesRead: 0 };
  if (info.isSymbolicLink()) return { lines: 1, bytesRead: 0 };
  if (!info.isFile() || info.size === 0) return { lines: 0, bytesRead: 0 };

  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return { lines: 0, bytesRead: 0 };
  try {
    const buf = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, maxBytes));
    let bytesRead = 0;
    let lines = 0;
    let last = NL;
    while (bytesRead < maxBytes) {
      const { bytesRead: n } = await handle.read(buf, 0, Math.min(buf.length, maxBytes - bytesRead), bytesRead);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      if (bytesRead < BINARY_SNIFF_BYTES && chunk.subarray(0, BINARY_SNIFF_BYTES - bytesRead).includes(0)) {
        return { lines: 0, bytesRead: bytesRead + n };
      }
      for (let i = chunk.indexOf(NL); i !== -1; i = chunk.indexOf(NL, i + 1)) lines++;
      last = chunk[n - 1] ?? NL;
      bytesRead += n;
    }
    // A last line without a trailing newline still counts, as in git's numstat.
    return { lines: last === NL ? lines : lines + 1, bytesRead };
  } finally {
    await handle.close();
  }
}
