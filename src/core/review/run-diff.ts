// A run's diff for review: the file list with per-file +/- against the merge-base with its base
// branch (committed, uncommitted and untracked work together) without loading any patch, and one
// file's unified patch on demand. Binary files and files whose patch could exceed a cap are
// reported as such and never loaded. Read-only: no optional locks, nothing written.
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { type GitRunner } from '../git/git-runner';
import { DIFF_FLAGS, type FileStatus, isNullBlob, readChanges, type ChangeList, type TrackedChange } from './changes';
import { confinedPath, LITERAL_PATHS_ENV } from './paths';
import { readDiskFile, readDiskFiles, type FileKind } from './untracked';

export type { FileStatus } from './changes';
export type { FileKind } from './untracked';

/**
 * Default cap on one file's patch, in bytes. 5 MiB of diff is about 100,000 lines: more than anyone
 * reads, and as much as a virtualized view should receive in one message. Above it a file is
 * `tooLarge` and its patch is not produced unless the caller asks again with a larger cap.
 */
export const MAX_PATCH_BYTES = 5 * 1024 * 1024;
/** The largest cap a caller may ask for, in bytes: half of GitRunner's output limit, so git is never killed mid-patch. */
export const HARD_MAX_PATCH_BYTES = 32 * 1024 * 1024;

export interface RunDiffFile {
  path: string;
  /** The path at the merge-base, for renames and copies. */
  oldPath?: string;
  status: FileStatus;
  kind: FileKind;
  /** True for a file git does not track yet (shown as added). */
  untracked: boolean;
  added: number;
  removed: number;
  binary: boolean;
  /** The patch could be larger than the cap: readFilePatch will refuse it unless asked with a larger cap. */
  tooLarge: boolean;
  /**
   * Upper bound of the unified patch's size, in bytes: the old version's size plus the new one's.
   * Cheap (from object sizes and lstat), never measured by producing the patch.
   */
  patchBytes: number;
}

export interface RunDiff {
  mergeBase: string;
  /** Sorted by path. */
  files: RunDiffFile[];
  added: number;
  removed: number;
  /** Untracked files beyond MAX_UNTRACKED_FILES, not listed. */
  omittedUntracked: number;
}

export interface FilePatch {
  /** Unified diff text (one or more `diff --git` sections); null when binary, too large, or unchanged. */
  patch: string | null;
  binary: boolean;
  tooLarge: boolean;
  /** Upper bound of the patch size before it was produced (see RunDiffFile.patchBytes). */
  patchBytes: number;
}

/** The file list of a run's work against the merge-base of `baseBranch` and the worktree's HEAD. */
export async function readRunDiff(
  git: GitRunner,
  req: { worktreePath: string; baseBranch: string; maxPatchBytes?: number },
): Promise<RunDiff> {
  const changes = await readChanges(git, req.worktreePath, req.baseBranch);
  return describeChanges(git, req.worktreePath, changes, req.maxPatchBytes ?? MAX_PATCH_BYTES);
}

/**
 * Turns a change list into the reviewable file list: kinds, sizes, untracked line counts.
 * `maxPatchBytes: null` skips the size look-ups of tracked files (patchBytes 0, never tooLarge),
 * for callers that never load patches (the compare matrix).
 */
export async function describeChanges(git: GitRunner, worktreePath: string, changes: ChangeList, maxPatchBytes: number | null): Promise<RunDiff> {
  const present = maxPatchBytes === null ? [] : changes.tracked.filter((c) => c.status !== 'deleted');
  const limit = maxPatchBytes ?? Number.POSITIVE_INFINITY;
  const [oldSizes, trackedDisk, untrackedDisk] = await Promise.all([
    maxPatchBytes === null ? new Map<string, number>() : blobSizes(git, worktreePath, changes.tracked.map((c) => c.oldBlob)),
    readDiskFiles(inWorktree(worktreePath, present.map((c) => c.path)), 'stat'),
    readDiskFiles(inWorktree(worktreePath, changes.untracked), 'lines'),
  ]);
  const newSize = new Map(present.map((c, i) => [c.path, trackedDisk[i]?.size ?? 0]));
  const byPath = new Map<string, RunDiffFile>();
  for (const c of changes.tracked) {
    const patchBytes = (oldSizes.get(c.oldBlob) ?? 0) + (newSize.get(c.path) ?? 0);
    byPath.set(c.path, { ...trackedFile(c), patchBytes, tooLarge: patchBytes > limit });
  }
  changes.untracked.forEach((rel, i) => {
    const disk = untrackedDisk[i];
    const name = rel.endsWith('/') ? rel.slice(0, -1) : rel;
    const earlier = byPath.get(name);
    const size = disk?.size ?? 0;
    if (earlier) {
      // Removed from the index (`git rm --cached`) but still on disk: one entry, both halves.
      const patchBytes = earlier.patchBytes + size;
      byPath.set(name, { ...earlier, status: 'modified', untracked: true, added: disk?.lines ?? 0, binary: earlier.binary || !!disk?.binary, patchBytes, tooLarge: patchBytes > limit });
      return;
    }
    const kind = disk?.kind ?? 'file';
    byPath.set(name, {
      path: name, status: 'added', kind, untracked: true, added: disk?.lines ?? 0, removed: 0,
      binary: disk?.binary ?? false, patchBytes: size, tooLarge: size > limit,
    });
  });
  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    mergeBase: changes.mergeBase,
    files,
    added: files.reduce((n, f) => n + f.added, 0),
    removed: files.reduce((n, f) => n + f.removed, 0),
    omittedUntracked: changes.omittedUntracked,
  };
}

/**
 * One file's unified patch against the merge-base, working tree included. Decides from object
 * and file sizes, before running any diff, whether the patch could exceed `maxBytes`; if so (or if
 * the file is binary) the patch is not produced. Untracked files get a new-file patch from
 * `git diff --no-index /dev/null <file>`.
 */
export async function readFilePatch(
  git: GitRunner,
  req: { worktreePath: string; mergeBase: string; path: string; oldPath?: string; maxBytes?: number },
): Promise<FilePatch> {
  const maxBytes = Math.min(req.maxBytes ?? MAX_PATCH_BYTES, HARD_MAX_PATCH_BYTES);
  assertCommitId(req.mergeBase);
  const cwd = req.worktreePath;
  // The old name is read from the base commit, but a link out of the worktree is refused for it too.
  if (req.oldPath !== undefined) await confinedPath(cwd, req.oldPath);
  const file = await confinedPath(cwd, req.path);
  const rel = req.path.endsWith('/') ? req.path.slice(0, -1) : req.path;
  const read = { cwd, readOnly: true, env: LITERAL_PATHS_ENV } as const;
  const [inBase, inIndex, disk] = await Promise.all([
    treeEntry(git, cwd, req.mergeBase, req.oldPath ?? rel),
    git.run(['ls-files', '-z', '--cached', '--', rel], read).then((r) => r.stdout !== ''),
    readDiskFile(file, 0).then((r) => r.info),
  ]);
  const untrackedPart = !inIndex && disk.exists;
  const patchBytes = (inBase?.size ?? 0) + (disk.exists ? disk.size : 0);
  const result = (patch: string | null, binary: boolean, tooLarge = false): FilePatch => ({ patch, binary, tooLarge, patchBytes });
  if (patchBytes > maxBytes) return result(null, disk.binary, true);
  if (untrackedPart && disk.kind === 'submodule') return result(null, false);

  const parts: string[] = [];
  if (inBase || inIndex) {
    const paths = req.oldPath !== undefined && req.oldPath !== rel ? [req.oldPath, rel] : [rel];
    parts.push((await git.run(['diff', ...DIFF_FLAGS, req.mergeBase, '--', ...paths], read)).stdout);
  }
  if (untrackedPart) {
    const added = await git.run(['diff', '--no-index', ...DIFF_FLAGS, '--', '/dev/null', rel], { ...read, allowedExitCodes: [0, 1] });
    parts.push(added.stdout);
  }
  const patch = parts.join('');
  if (patch === '') return result(null, false);
  if (isBinaryPatch(patch)) return result(null, true);
  if (Buffer.byteLength(patch) > maxBytes) return result(null, false, true);
  return result(patch, false);
}

/** Whether git printed a binary notice instead of hunks. */
export function isBinaryPatch(patch: string): boolean {
  return /^Binary files .* differ$/m.test(patch) || /^GIT binary patch$/m.test(patch);
}

/** The entry of `rel` in a commit's tree, with its blob size (0 for a submodule), or null. */
export async function treeEntry(git: GitRunner, cwd: string, commit: string, rel: string): Promise<{ mode: string; blob: string; size: number } | null> {
  const { stdout } = await git.run(['ls-tree', '-l', '-z', '--full-tree', commit, '--', rel], { cwd, readOnly: true, env: LITERAL_PATHS_ENV });
  for (const record of stdout.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab === -1 || record.slice(tab + 1) !== rel) continue;
    const [mode = '', type = '', blob = '', size = '-'] = record.slice(0, tab).split(/ +/);
    if (type === 'tree') return null;
    return { mode, blob, size: Number.parseInt(size, 10) || 0 };
  }
  return null;
}

/** Sizes of blobs by id, in one `cat-file --batch-check`; null ids and missing objects (submodule commits) are left out. */
export async function blobSizes(git: GitRunner, cwd: string, ids: string[]): Promise<Map<string, number>> {
  const wanted = [...new Set(ids.filter((id) => id !== '' && !isNullBlob(id)))];
  const sizes = new Map<string, number>();
  if (wanted.length === 0) return sizes;
  const { stdout } = await git.run(['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], { cwd, readOnly: true, input: `${wanted.join('\n')}\n` });
  for (const line of stdout.split('\n')) {
    const [id = '', type = '', size = ''] = line.split(' ');
    if (type === 'blob') sizes.set(id, Number.parseInt(size, 10) || 0);
  }
  return sizes;
}

/** A hex object id: what a merge-base or a commit id must look like (never an option or revision syntax). */
export function assertCommitId(id: string): void {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(id)) throw new AppError('INVALID_INPUT', `"${id}" is not a full commit id.`);
}

function trackedFile(c: TrackedChange): Omit<RunDiffFile, 'patchBytes' | 'tooLarge'> {
  const mode = c.status === 'deleted' ? c.oldMode : c.newMode;
  const kind: FileKind = mode === '120000' ? 'symlink' : mode === '160000' ? 'submodule' : 'file';
  const file: Omit<RunDiffFile, 'patchBytes' | 'tooLarge'> = {
    path: c.path, status: c.status, kind, untracked: false, added: c.added, removed: c.removed, binary: c.binary,
  };
  if (c.oldPath !== undefined) file.oldPath = c.oldPath;
  return file;
}

/** Absolute locations of paths git listed; a lexical join is enough, as git lists no path through a symlink. */
function inWorktree(root: string, rels: string[]): string[] {
  return rels.map((rel) => path.join(root, rel));
}
