// One file across runs: its content in each run's worktree and at the base commit (size-capped,
// binary files reported as such), and the unified diff between two runs' versions of it
// (`git diff --no-index`, relabelled with repository paths). Read-only; paths are confined to
// their worktree.
import { readFile, readlink } from 'node:fs/promises';
import { type GitRunner } from '../git/git-runner';
import { DIFF_FLAGS } from './changes';
import { assertRepoPath, confinedPath } from './paths';
import { assertCommitId, HARD_MAX_PATCH_BYTES, isBinaryPatch, MAX_PATCH_BYTES, treeEntry } from './run-diff';
import { BINARY_SNIFF_BYTES, readDiskFile, type FileKind } from './untracked';

/**
 * Default cap on one version's content, in bytes. 2 MiB is about 40,000 lines of code, more than a
 * side-by-side view is useful for; bigger versions are reported `tooLarge` with their size.
 */
export const MAX_VERSION_BYTES = 2 * 1024 * 1024;

export interface FileVersion {
  exists: boolean;
  kind: FileKind;
  size: number;
  binary: boolean;
  tooLarge: boolean;
  /** UTF-8 text (a symlink: its target); null when missing, binary, too large or a nested repository. */
  content: string | null;
}

export interface FileVersions {
  base: FileVersion;
  /** By run id. */
  runs: Record<string, FileVersion>;
}

export interface RunFileRef {
  worktreePath: string;
  path: string;
}

export interface RunsFileDiff {
  /** Unified diff of A's version (as `a/<pathA>`) against B's (as `b/<pathB>`); null when identical, binary or too large. */
  patch: string | null;
  identical: boolean;
  binary: boolean;
  tooLarge: boolean;
}

const ABSENT: FileVersion = { exists: false, kind: 'file', size: 0, binary: false, tooLarge: false, content: null };

/**
 * `path` at `baseCommit` (read through the repository at `repoPath`) and in each run's worktree.
 * `basePath` names the file at the base when a run renamed it.
 */
export async function readFileVersions(
  git: GitRunner,
  req: { repoPath: string; baseCommit: string; path: string; basePath?: string; runs: Array<{ runId: string; worktreePath: string }>; maxBytes?: number },
): Promise<FileVersions> {
  const maxBytes = req.maxBytes ?? MAX_VERSION_BYTES;
  assertRepoPath(req.path);
  if (req.basePath !== undefined) assertRepoPath(req.basePath);
  assertCommitId(req.baseCommit);
  const [base, ...versions] = await Promise.all([
    baseVersion(git, req.repoPath, req.baseCommit, req.basePath ?? req.path, maxBytes),
    ...req.runs.map((r) => worktreeVersion(r.worktreePath, req.path, maxBytes)),
  ]);
  const runs: Record<string, FileVersion> = {};
  req.runs.forEach((r, i) => (runs[r.runId] = versions[i] ?? ABSENT));
  return { base: base ?? ABSENT, runs };
}

async function baseVersion(git: GitRunner, cwd: string, commit: string, rel: string, maxBytes: number): Promise<FileVersion> {
  const entry = await treeEntry(git, cwd, commit, rel);
  if (!entry) return ABSENT;
  const kind: FileKind = entry.mode === '120000' ? 'symlink' : entry.mode === '160000' ? 'submodule' : 'file';
  const version: FileVersion = { exists: true, kind, size: entry.size, binary: false, tooLarge: entry.size > maxBytes, content: null };
  if (kind === 'submodule' || version.tooLarge) return version;
  const { stdout } = await git.run(['cat-file', 'blob', entry.blob], { cwd, readOnly: true });
  if (kind === 'file' && stdout.slice(0, BINARY_SNIFF_BYTES).includes('\0')) return { ...version, binary: true };
  return { ...version, content: stdout };
}

async function worktreeVersion(worktreePath: string, rel: string, maxBytes: number): Promise<FileVersion> {
  const file = await confinedPath(worktreePath, rel);
  const { info } = await readDiskFile(file, 0);
  if (!info.exists) return ABSENT;
  const version: FileVersion = { exists: true, kind: info.kind, size: info.size, binary: info.binary, tooLarge: info.size > maxBytes, content: null };
  if (info.kind === 'submodule' || info.binary || version.tooLarge) return version;
  if (info.kind === 'symlink') return { ...version, content: await readlink(file) };
  return { ...version, content: await readFile(file, 'utf8') };
}

/**
 * The diff from run A's version of a file to run B's, with `git diff --no-index` (exit code 1
 * means "they differ", not a failure). A file missing on one side diffs against /dev/null.
 * Sizes are checked before diffing, as in readFilePatch.
 */
export async function diffBetweenRuns(git: GitRunner, req: { fileA: RunFileRef; fileB: RunFileRef; maxBytes?: number }): Promise<RunsFileDiff> {
  const maxBytes = Math.min(req.maxBytes ?? MAX_PATCH_BYTES, HARD_MAX_PATCH_BYTES);
  const [a, b] = await Promise.all([onDisk(req.fileA), onDisk(req.fileB)]);
  const result = (patch: string | null, over: Partial<RunsFileDiff> = {}): RunsFileDiff => ({ patch, identical: false, binary: false, tooLarge: false, ...over });
  if (!a.info.exists && !b.info.exists) return result(null, { identical: true });
  if (a.info.kind === 'submodule' || b.info.kind === 'submodule') return result(null, { binary: true });
  if (a.info.size + b.info.size > maxBytes) return result(null, { tooLarge: true, binary: a.info.binary || b.info.binary });

  const left = a.info.exists ? a.abs : '/dev/null';
  const right = b.info.exists ? b.abs : '/dev/null';
  const out = await git.run(['diff', '--no-index', ...DIFF_FLAGS, '--', left, right], {
    cwd: req.fileA.worktreePath,
    readOnly: true,
    allowedExitCodes: [0, 1],
  });
  if (out.code === 0 || out.stdout === '') return result(null, { identical: true });
  if (isBinaryPatch(out.stdout)) return result(null, { binary: true });
  if (Buffer.byteLength(out.stdout) > maxBytes) return result(null, { tooLarge: true });
  return result(relabel(out.stdout, a.info.exists ? req.fileA.path : null, b.info.exists ? req.fileB.path : null));
}

async function onDisk(ref: RunFileRef): Promise<{ abs: string; info: Awaited<ReturnType<typeof readDiskFile>>['info'] }> {
  const abs = await confinedPath(ref.worktreePath, ref.path);
  return { abs, info: (await readDiskFile(abs, 0)).info };
}

/** Lines of a `diff --git` header that name paths; they are rewritten, the rest (modes, index) kept. */
const PATH_HEADER = /^(diff --git |--- |\+\+\+ |rename from |rename to |copy from |copy to |similarity index |dissimilarity index )/;

/**
 * Replaces the absolute paths git printed with `a/<pathA>` and `b/<pathB>` (or /dev/null), so the
 * patch reads like any other diff of the repository.
 */
export function relabel(patch: string, pathA: string | null, pathB: string | null): string {
  const lines = patch.split('\n');
  const bodyStart = lines.findIndex((l) => l.startsWith('@@'));
  const header = (bodyStart === -1 ? lines : lines.slice(0, bodyStart)).filter((l) => l !== '' && !PATH_HEADER.test(l));
  const a = pathA === null ? null : quote(`a/${pathA}`);
  const b = pathB === null ? null : quote(`b/${pathB}`);
  const title = `diff --git ${a ?? quote(`a/${pathB ?? ''}`)} ${b ?? quote(`b/${pathA ?? ''}`)}`;
  if (bodyStart === -1) return [title, ...header, ''].join('\n'); // a mode change only: no file lines, no hunks
  return [title, ...header, `--- ${a ?? '/dev/null'}`, `+++ ${b ?? '/dev/null'}`, ...lines.slice(bodyStart)].join('\n');
}

/** Quotes a header path the way git does when it holds a quote, backslash or control character. */
function quote(p: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '"': '\\"', '\\': '\\\\' };
  const escape = (c: string): string | null => {
    const code = c.charCodeAt(0);
    if (named[c] !== undefined) return named[c];
    return code < 0x20 || code === 0x7f ? `\\${code.toString(8).padStart(3, '0')}` : null;
  };
  const chars = [...p];
  if (chars.every((c) => escape(c) === null)) return p;
  return `"${chars.map((c) => escape(c) ?? c).join('')}"`;
}
