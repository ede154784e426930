// Test support for the merge tests (used only by *.test.ts): a repository whose main checkout has
// `main` checked out (or detached, so `main` is checked out nowhere) and a run worktree on its own
// branch, plus helpers to commit in either with a chosen author and date.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach } from 'vitest';
import { makeTempDir, makeTempRepo, runGit, writeFiles, type TempDir } from '../../../test/helpers/git-fixtures';
import type { RunId } from '../../shared/ids';
import { hashFiles, revParse } from '../lifecycle/lifecycle-test-support';
import { closeDatabase, openDatabase } from '../store/database';
import { RunsRepo } from '../store/runs-repo';
import { sampleRun, seedThread, tempDbFile } from '../store/test-fixtures';
import type { RecordedMergeRequest } from './merge-recorder';
import { MergesRepo } from './merges-repo';

export const RUN_BRANCH = 'switchyard/abcd1234-task';

export interface MergeFixture {
  repo: string;
  runWt: string;
  /** main's tip when the fixture was made (also the run's fork point). */
  fork: string;
}

export async function makeMergeFixture(track: <T extends TempDir>(p: Promise<T>) => Promise<T>, opts: { baseCheckedOut: boolean }): Promise<MergeFixture> {
  const repo = (await track(makeTempRepo({ files: { 'README.md': 'hello\n', 'src/a.ts': 'a1\na2\na3\n', 'src/b.ts': 'b1\n', '.gitignore': '*.log\n' } }))).path;
  const dir = await track(makeTempDir());
  const runWt = path.join(dir.path, 'run');
  await runGit(repo, ['worktree', 'add', '-q', '-b', RUN_BRANCH, runWt, 'main']);
  if (!opts.baseCheckedOut) await runGit(repo, ['checkout', '-q', '--detach']);
  return { repo, runWt, fork: await revParse(repo, 'main') };
}

/** Writes files, stages everything and commits in cwd; returns the commit. */
export async function commitIn(cwd: string, files: Record<string, string>, message: string, env: Record<string, string> = {}): Promise<string> {
  await writeFiles(cwd, files);
  await runGit(cwd, ['add', '-A']);
  await runGit(cwd, ['commit', '-q', '--no-verify', '-m', message], env);
  return revParse(cwd, 'HEAD');
}

/** Commits on main whether or not it is checked out in the main checkout (via a scratch worktree). */
export async function commitOnMain(fx: MergeFixture, files: Record<string, string>, message: string): Promise<string> {
  const holder = (await runGit(fx.repo, ['symbolic-ref', '-q', 'HEAD']).catch(() => '')).trim();
  if (holder === 'refs/heads/main') return commitIn(fx.repo, files, message);
  const scratch = `${fx.runWt}-scratch`;
  await runGit(fx.repo, ['worktree', 'add', '-q', scratch, 'main']);
  const sha = await commitIn(scratch, files, message);
  await runGit(fx.repo, ['worktree', 'remove', scratch]);
  return sha;
}

/** Every file of the main checkout plus its index bytes and HEAD: what "nothing changed" compares. */
export async function checkoutState(repo: string): Promise<unknown> {
  const files = await hashFiles(repo);
  const index = createHash('sha256').update(await readFile(path.join(repo, '.git', 'index'))).digest('hex');
  return { files, index, head: await revParse(repo, 'HEAD'), main: await revParse(repo, 'refs/heads/main') };
}

export async function parentsOf(repo: string, commit: string): Promise<string[]> {
  return (await runGit(repo, ['rev-list', '--parents', '-n', '1', commit])).trim().split(' ').slice(1);
}

export async function fileAt(repo: string, commit: string, file: string): Promise<string> {
  return runGit(repo, ['show', `${commit}:${file}`]);
}

export interface RecorderSetup {
  fx: MergeFixture;
  db: Database.Database;
  merges: MergesRepo;
  /** The request that merges the run into main, under `mergeId`. */
  req(mergeId: string): RecordedMergeRequest;
  runId: RunId;
}

/**
 * For the merge recorder's tests: returns a setup that makes a database (all migrations) holding one
 * repo (at a new fixture's path), thread and run, with one commit on the run's branch and one on
 * main. Registers the afterEach that closes and removes every database it made.
 */
export function useRecorderSetup(track: <T extends TempDir>(p: Promise<T>) => Promise<T>): (opts: { baseCheckedOut: boolean }) => Promise<RecorderSetup> {
  const dbs: Array<{ db: Database.Database; cleanup(): void }> = [];
  afterEach(() => {
    for (const { db, cleanup } of dbs.splice(0)) {
      closeDatabase(db);
      cleanup();
    }
  });
  return async (opts) => {
    const fx = await makeMergeFixture(track, opts);
    const tmp = tempDbFile();
    const db = await openDatabase(tmp.file);
    dbs.push({ db, cleanup: tmp.cleanup });
    const { repo, thread } = seedThread(db);
    db.prepare('UPDATE repos SET path = ? WHERE id = ?').run(fx.repo, repo.id);
    const run = sampleRun(thread.id, 1);
    new RunsRepo(db).insert(run);
    await commitIn(fx.runWt, { 'src/a.ts': 'run\n' }, 'run commit');
    await commitOnMain(fx, { 'src/b.ts': 'base\n' }, 'base commit');
    const req = (mergeId: string): RecordedMergeRequest => ({
      mergeId, runId: run.id, threadId: thread.id, repoId: repo.id,
      repoPath: fx.repo, baseBranch: 'main', runBranch: RUN_BRANCH, mode: 'merge', message: 'Merge run 1',
    });
    return { fx, db, merges: new MergesRepo(db), req, runId: run.id };
  };
}
