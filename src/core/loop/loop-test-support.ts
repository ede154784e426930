// Test helpers for the built-in agent: a real repository with a linked worktree (the layout runs use), a scan of
// /proc for processes by a marker in their command line (works inside a sandbox's pid namespace too), and polling.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempRepo, runGit } from '../../../test/helpers/git-fixtures';

export interface TestWorktree {
  repo: string;
  worktree: string;
  cleanup(): Promise<void>;
}

/** A repository with README.md and src/app.txt committed, and a linked worktree on branch `run` beside it. */
export async function makeTestWorktree(files: Record<string, string> = {}): Promise<TestWorktree> {
  const repo = await makeTempRepo({ files: { 'README.md': '# test repository\n', 'src/app.txt': 'one\ntwo\nthree\n', ...files } });
  const worktree = path.join(path.dirname(repo.path), 'wt');
  await runGit(repo.path, ['worktree', 'add', '-q', '-b', 'run', worktree]);
  return { repo: repo.path, worktree, cleanup: repo.cleanup };
}

/** Pids of live (non-zombie) processes whose command line contains `marker`. */
export async function processesWith(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0').join(' ');
      if (!cmdline.includes(marker)) continue;
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z' && state !== 'X') found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Polls `check` until it returns true or `withinMs` passes; returns the last answer. */
export async function eventually(check: () => Promise<boolean> | boolean, withinMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
}
