// Compare N runs: a matrix of every file any run touched x run, with each run's status and +/-,
// and for each file whether the runs that touched it ended with the same content (agree) or not.
// Runs are read concurrently; content identity comes from git's blob ids, hashing with
// `git hash-object` only the files git has not hashed (uncommitted and untracked ones). Read-only.
import { readlink } from 'node:fs/promises';
import path from 'node:path';
import { type GitRunner } from '../git/git-runner';
import { HASH_BATCH_FILES, isNullBlob, readChanges, type ChangeList } from './changes';
import { describeChanges, type RunDiffFile } from './run-diff';
import { readDiskFiles } from './untracked';

export interface CompareRunInput {
  runId: string;
  worktreePath: string;
}

export interface CompareCell {
  status: RunDiffFile['status'];
  oldPath?: string;
  added: number;
  removed: number;
  binary: boolean;
  untracked: boolean;
  /**
   * Which version of the file this run ended with: runs with equal numbers have identical
   * content (and mode). Numbered 1, 2, … per file in the order of `runs`; 0 is never used
   * (an untouched run has the base version and a null cell).
   */
  variant: number;
}

export type Agreement = 'single' | 'agree' | 'differ';

export interface CompareFile {
  path: string;
  /** By run id; null when that run left the file as it was at its merge-base. */
  cells: Record<string, CompareCell | null>;
  touchedBy: number;
  /** `single`: one run touched it; `agree`: all runs that touched it ended identical; `differ`: otherwise. */
  agreement: Agreement;
}

export interface CompareRunSummary {
  runId: string;
  mergeBase: string;
  files: number;
  added: number;
  removed: number;
  omittedUntracked: number;
}

export interface CompareMatrix {
  runs: CompareRunSummary[];
  /** Sorted by path. */
  files: CompareFile[];
}


interface RunFiles {
  summary: CompareRunSummary;
  files: Map<string, RunDiffFile>;
  /** Content identity by path (`<mode>:<blob>`, `link:<target>`, `deleted`). */
  identity: Map<string, string>;
}

export async function compareRuns(git: GitRunner, runs: CompareRunInput[], baseBranch: string): Promise<CompareMatrix> {
  const perRun = await Promise.all(runs.map((run) => readRun(git, run, baseBranch)));
  const paths = new Set<string>();
  for (const r of perRun) for (const p of r.files.keys()) paths.add(p);
  const files = [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((p) => matrixRow(p, runs, perRun));
  return { runs: perRun.map((r) => r.summary), files };
}

function matrixRow(file: string, runs: CompareRunInput[], perRun: RunFiles[]): CompareFile {
  const variants = new Map<string, number>();
  const cells: Record<string, CompareCell | null> = {};
  let touchedBy = 0;
  runs.forEach((run, i) => {
    const r = perRun[i];
    const f = r?.files.get(file);
    if (!r || !f) {
      cells[run.runId] = null;
      return;
    }
    touchedBy++;
    const id = r.identity.get(file) ?? `unknown:${run.runId}`;
    if (!variants.has(id)) variants.set(id, variants.size + 1);
    const cell: CompareCell = { status: f.status, added: f.added, removed: f.removed, binary: f.binary, untracked: f.untracked, variant: variants.get(id) ?? 0 };
    if (f.oldPath !== undefined) cell.oldPath = f.oldPath;
    cells[run.runId] = cell;
  });
  const agreement: Agreement = touchedBy <= 1 ? 'single' : variants.size === 1 ? 'agree' : 'differ';
  return { path: file, cells, touchedBy, agreement };
}

async function readRun(git: GitRunner, run: CompareRunInput, baseBranch: string): Promise<RunFiles> {
  const changes = await readChanges(git, run.worktreePath, baseBranch);
  const [diff, identity] = await Promise.all([
    describeChanges(git, run.worktreePath, changes, null),
    contentIdentities(git, run.worktreePath, changes),
  ]);
  const summary = { runId: run.runId, mergeBase: changes.mergeBase, files: diff.files.length, added: diff.added, removed: diff.removed, omittedUntracked: diff.omittedUntracked };
  return { summary, files: new Map(diff.files.map((f) => [f.path, f])), identity };
}

/**
 * What each changed path holds now, as a comparable string. Committed or staged files that match
 * the index use the blob id git already has; other regular files are hashed by git (its clean
 * filters apply, so ids match the index's); symlinks are compared by target; deletions are `deleted`.
 */
async function contentIdentities(git: GitRunner, cwd: string, changes: ChangeList): Promise<Map<string, string>> {
  const identity = new Map<string, string>();
  const toHash: string[] = [];
  for (const c of changes.tracked) {
    if (c.status === 'deleted') identity.set(c.path, 'deleted');
    else if (!isNullBlob(c.newBlob) && c.newMode !== '120000') identity.set(c.path, `${c.newMode}:${c.newBlob}`);
    else toHash.push(c.path);
  }
  for (const rel of changes.untracked) {
    if (rel.endsWith('/')) identity.set(rel.slice(0, -1), `nested:${cwd}`);
    else if (!identity.has(rel)) toHash.push(rel);
  }
  const disk = await readDiskFiles(toHash.map((rel) => path.join(cwd, rel)), 'stat');
  const regular: string[] = [];
  await Promise.all(
    toHash.map(async (rel, i) => {
      const d = disk[i];
      if (!d?.exists) identity.set(rel, 'deleted');
      else if (d.kind === 'symlink') identity.set(rel, `link:${await readlink(path.join(cwd, rel)).catch(() => '')}`);
      else if (d.kind === 'submodule') identity.set(rel, `nested:${cwd}`);
      else regular.push(rel);
    }),
  );
  const modeOf = new Map(toHash.map((rel, i) => [rel, disk[i]?.executable ? '100755' : '100644']));
  for (let start = 0; start < regular.length; start += HASH_BATCH_FILES) {
    const batch = regular.slice(start, start + HASH_BATCH_FILES);
    const { stdout } = await git.run(['hash-object', '--', ...batch], { cwd, readOnly: true });
    stdout.split('\n').forEach((sha, i) => {
      const rel = batch[i];
      if (rel !== undefined && sha !== '') identity.set(rel, `${modeOf.get(rel) ?? '100644'}:${sha}`);
    });
  }
  return identity;
}
