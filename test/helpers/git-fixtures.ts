// Test fixtures: real git repositories and scratch folders in the OS temp dir, made with plain
// `git` (not the code under test), isolated from the machine's global and system git config.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface TempDir {
  path: string;
  cleanup(): Promise<void>;
}

export interface TempRepoOptions {
  /** Files of the first commit, by relative path (folders are created). Default: a README.md. */
  files?: Record<string, string | Uint8Array>;
  /** Name of the initial branch. Default 'main'. */
  branch?: string;
  /** No commit at all (files, if given, are written but stay untracked). */
  empty?: boolean;
  /** Name of the repository folder inside the temp dir (spaces, quotes, non-ASCII welcome). Default 'repo'. */
  dirName?: string;
}

/** Environment for fixture git: no user/system config, fixed identity and dates. */
export const FIXTURE_GIT_ENV: Record<string, string> = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'Switchyard Test',
  GIT_AUTHOR_EMAIL: 'test@switchyard.invalid',
  GIT_COMMITTER_NAME: 'Switchyard Test',
  GIT_COMMITTER_EMAIL: 'test@switchyard.invalid',
  LC_ALL: 'C',
};

/** Runs plain git with an argument array in cwd and returns stdout; rejects with stderr on failure. */
export async function runGit(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', args, {
      cwd,
      env: { ...process.env, ...FIXTURE_GIT_ENV, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr.trim() || String(err)}`, { cause: err });
  }
}

/** A fresh empty folder under the OS temp dir, removed by cleanup(). */
export async function makeTempDir(prefix = 'switchyard-test-'): Promise<TempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { path: dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes files (relative paths, folders created) under root. */
export async function writeFiles(root: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/** Stages everything and commits it; returns the new commit's sha. */
export async function commitAll(repo: string, message: string): Promise<string> {
  await runGit(repo, ['add', '-A']);
  await runGit(repo, ['commit', '-q', '--no-verify', '--allow-empty', '-m', message]);
  return (await runGit(repo, ['rev-parse', 'HEAD'])).trim();
}

/**
 * A real repository in a new temp dir: `git init` on branch `main` (or opts.branch), a local
 * user.name/email, and one commit of opts.files unless opts.empty. cleanup() removes the temp dir.
 */
export async function makeTempRepo(opts: TempRepoOptions = {}): Promise<TempDir> {
  const tmp = await makeTempDir('switchyard-repo-');
  const repo = path.join(tmp.path, opts.dirName ?? 'repo');
  try {
    await mkdir(repo, { recursive: true });
    await runGit(repo, ['init', '-q', '-b', opts.branch ?? 'main']);
    await runGit(repo, ['config', 'user.name', 'Switchyard Test']);
    await runGit(repo, ['config', 'user.email', 'test@switchyard.invalid']);
    await runGit(repo, ['config', 'commit.gpgsign', 'false']);
    await runGit(repo, ['config', 'core.autocrlf', 'false']);
    const files = opts.files ?? (opts.empty ? {} : { 'README.md': '# test repository\n' });
    await writeFiles(repo, files);
    if (!opts.empty) await commitAll(repo, 'initial');
  } catch (err) {
    await tmp.cleanup();
    throw err;
  }
  return { path: repo, cleanup: tmp.cleanup };
}
