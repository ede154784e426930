// Compose: a new branch made of chosen files (or chosen hunks of files) from different runs, on top
// of the thread's base commit. Built entirely off to the side with a temporary index
// (GIT_INDEX_FILE): read-tree the base, hash each picked file, update-index, write-tree,
// commit-tree, then create the branch with a create-only update-ref. No worktree, no checkout and
// no existing branch is ever touched; a name that exists already is refused.
import { lstat, mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { isValidBranchName } from '../git/branch-names';
import { gitStderrOf } from '../git/git-output';
import { type GitRunner } from '../git/git-runner';
import { HASH_BATCH_FILES } from './changes';
import { parsePatch, selectHunks } from './hunks';
import { assertRepoPath, confinedPath, LITERAL_PATHS_ENV } from './paths';
import { assertCommitId, isBinaryPatch, readFilePatch, treeEntry } from './run-diff';

/** One picked path: the whole file (or its absence) from a run's worktree or a commit, or some of its hunks. */
export type ComposePick =
  | { path: string; fromWorktree: string; hunks?: number[] }
  | { path: string; fromCommit: string; hunks?: number[] };

export interface ComposeRequest {
  /** The repository (any of its worktrees works; objects and refs are shared). */
  repoPath: string;
  /** Full id of the commit the new branch starts from (the thread's base commit). */
  baseCommit: string;
  /**
   * Applied in order. A whole-file pick sets the file exactly as the source has it (a file missing
   * there is deleted). Hunk picks take hunks of the source's diff against baseCommit, numbered from
   * 0 as readFilePatch(mergeBase = baseCommit) shows them; several hunk picks may share a path.
   */
  picks: ComposePick[];
  branch: string;
  message: string;
}

export interface ComposeResult {
  branch: string;
  commit: string;
  tree: string;
}


interface IndexEntry {
  mode: string;
  blob: string;
  path: string;
}

export async function composeBranch(git: GitRunner, req: ComposeRequest): Promise<ComposeResult> {
  const cwd = req.repoPath;
  assertCommitId(req.baseCommit);
  validatePicks(req.picks);
  if (req.message.trim() === '') throw new AppError('INVALID_INPUT', 'A composed branch needs a commit message.');
  if (!(await isValidBranchName(git, cwd, req.branch))) throw new AppError('INVALID_INPUT', `"${req.branch}" is not a valid branch name.`);
  const existing = await git.run(['rev-parse', '--verify', '-q', `refs/heads/${req.branch}`], { cwd, readOnly: true, allowedExitCodes: [0, 1] });
  if (existing.code === 0) throw branchExists(req.branch);
  const base = await git.run(['rev-parse', '--verify', '-q', `${req.baseCommit}^{commit}`], { cwd, readOnly: true, allowedExitCodes: [0, 1] });
  if (base.code !== 0) throw new AppError('GIT_FAILED', `The base commit ${req.baseCommit} does not exist in ${cwd}.`);

  const tmp = await mkdtemp(path.join(tmpdir(), 'switchyard-compose-'));
  const env = { ...LITERAL_PATHS_ENV, GIT_INDEX_FILE: path.join(tmp, 'index') };
  try {
    await git.run(['read-tree', req.baseCommit], { cwd, env });
    const whole = req.picks.filter((p) => p.hunks === undefined);
    const entries = await Promise.all(whole.map((p) => entryFor(git, cwd, p, req.baseCommit)));
    await hashWorktreeFiles(git, entries);
    if (entries.length > 0) {
      const input = entries.map((e) => `${e.mode} ${e.blob}\t${e.path}\0`).join('');
      await git.run(['update-index', '-z', '--index-info'], { cwd, env, input });
    }
    for (const pick of req.picks) {
      if (pick.hunks !== undefined) await applyHunks(git, cwd, env, req.baseCommit, pick, pick.hunks);
    }
    const tree = (await git.run(['write-tree'], { cwd, env })).stdout.trim();
    const commit = (await git.run(['commit-tree', tree, '-p', req.baseCommit, '-F', '-'], { cwd, input: withFinalNewline(req.message) }).catch(identityHint)).stdout.trim();
    await git.run(['update-ref', '-m', 'switchyard: compose', `refs/heads/${req.branch}`, commit, ''], { cwd }).catch((err: unknown) => {
      throw /reference already exists/.test(gitStderrOf(err) ?? '') ? branchExists(req.branch) : err;
    });
    return { branch: req.branch, commit, tree };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function validatePicks(picks: ComposePick[]): void {
  if (picks.length === 0) throw new AppError('INVALID_INPUT', 'Pick at least one file to compose a branch.');
  const whole = new Set<string>();
  const partial = new Set<string>();
  for (const pick of picks) {
    assertRepoPath(pick.path);
    if (pick.path.endsWith('/')) throw new AppError('INVALID_INPUT', `${pick.path} is a folder; pick the files in it.`);
    if ('fromCommit' in pick) assertCommitId(pick.fromCommit);
    const isWhole = pick.hunks === undefined;
    if (whole.has(pick.path) || (isWhole && partial.has(pick.path))) {
      throw new AppError('INVALID_INPUT', `${pick.path} is picked more than once; pick the whole file from one run, or hunks only.`);
    }
    const set = isWhole ? whole : partial;
    set.add(pick.path);
  }
}

/** What one whole-file pick puts in the index; worktree files get their blob id from hashWorktreeFiles. */
async function entryFor(git: GitRunner, cwd: string, pick: ComposePick, baseCommit: string): Promise<IndexEntry & { hashIn?: string }> {
  const remove = { mode: '0', blob: '0'.repeat(baseCommit.length), path: pick.path };
  if ('fromCommit' in pick) {
    const entry = await treeEntry(git, cwd, pick.fromCommit, pick.path);
    return entry ? { mode: entry.mode, blob: entry.blob, path: pick.path } : remove;
  }
  const file = await confinedPath(pick.fromWorktree, pick.path);
  const st = await lstat(file).catch(() => null);
  if (!st) return remove;
  if (st.isDirectory()) throw new AppError('INVALID_INPUT', `${pick.path} is a folder in ${pick.fromWorktree}; pick the files in it.`);
  if (st.isSymbolicLink()) {
    const target = await readlink(file);
    const { stdout } = await git.run(['hash-object', '-w', '--stdin'], { cwd: pick.fromWorktree, input: target });
    return { mode: '120000', blob: stdout.trim(), path: pick.path };
  }
  return { mode: (st.mode & 0o111) !== 0 ? '100755' : '100644', blob: '', path: pick.path, hashIn: pick.fromWorktree };
}

/**
 * Writes the picked worktree files into the object store, one `hash-object -w` per worktree and
 * batch, run in that worktree so its .gitattributes filters apply as `git add` would apply them.
 */
async function hashWorktreeFiles(git: GitRunner, entries: Array<IndexEntry & { hashIn?: string }>): Promise<void> {
  const byWorktree = new Map<string, Array<IndexEntry & { hashIn?: string }>>();
  for (const e of entries) if (e.hashIn !== undefined) byWorktree.set(e.hashIn, [...(byWorktree.get(e.hashIn) ?? []), e]);
  for (const [worktree, list] of byWorktree) {
    for (let i = 0; i < list.length; i += HASH_BATCH_FILES) {
      const batch = list.slice(i, i + HASH_BATCH_FILES);
      const { stdout } = await git.run(['hash-object', '-w', '--', ...batch.map((e) => e.path)], { cwd: worktree });
      const ids = stdout.split('\n');
      batch.forEach((e, k) => (e.blob = ids[k] ?? ''));
    }
  }
}

/** Applies the chosen hunks of one source's diff against the base to the temporary index. */
async function applyHunks(git: GitRunner, cwd: string, env: Record<string, string>, baseCommit: string, pick: ComposePick, hunks: number[]): Promise<void> {
  const { patch, binary } = await sourcePatch(git, cwd, baseCommit, pick);
  if (binary) throw new AppError('INVALID_INPUT', `${pick.path} is a binary file; pick the whole file instead.`);
  if (patch === null) throw new AppError('INVALID_INPUT', `${pick.path} has no changes to pick hunks from.`);
  const selected = selectHunks(parsePatch(patch, pick.path), hunks, pick.path);
  await git.run(['apply', '--cached', '--whitespace=nowarn', '-'], { cwd, env, input: selected }).catch((err: unknown) => {
    throw new AppError('GIT_FAILED', `The chosen hunks of ${pick.path} do not apply on top of the other picks for that file; pick them from one run, or pick the whole file.`, { cause: err });
  });
}

/** The source's diff of the picked path against the base: a commit's, or a worktree's with uncommitted and untracked work. */
async function sourcePatch(git: GitRunner, cwd: string, baseCommit: string, pick: ComposePick): Promise<{ patch: string | null; binary: boolean }> {
  if ('fromCommit' in pick) {
    const args = ['diff', '--no-ext-diff', '--no-textconv', '--no-color', '--src-prefix=a/', '--dst-prefix=b/', baseCommit, pick.fromCommit, '--', pick.path];
    const { stdout } = await git.run(args, { cwd, readOnly: true, env: LITERAL_PATHS_ENV });
    return { patch: stdout === '' ? null : stdout, binary: isBinaryPatch(stdout) };
  }
  const read = await readFilePatch(git, { worktreePath: pick.fromWorktree, mergeBase: baseCommit, path: pick.path });
  if (read.tooLarge) throw new AppError('LIMIT_EXCEEDED', `The changes to ${pick.path} are too large to pick hunks from; pick the whole file instead.`);
  return read;
}

/** Commit messages end with a newline, as `git commit` writes them. */
function withFinalNewline(message: string): string {
  return message.endsWith('\n') ? message : `${message}\n`;
}

function branchExists(branch: string): AppError {
  return new AppError('INVALID_INPUT', `A branch named ${branch} already exists; choose another name.`);
}

function identityHint(err: unknown): never {
  if (/Please tell me who you are|unable to auto-detect email address|empty ident/i.test(gitStderrOf(err) ?? '')) {
    throw new AppError('GIT_FAILED', 'Git does not know who you are, so it cannot write the commit. Set user.name and user.email (git config --global), then compose again.', { cause: err });
  }
  throw err;
}
