// Test support for the review and checks tests: a repository with a base branch `main` and run
// worktrees on their own branches, made with plain git (not the code under test). Test-only.
import path from 'node:path';
import { makeTempDir, makeTempRepo, runGit } from '../../../test/helpers/git-fixtures';

/** Bytes with a NUL in the first 8000, so git calls the file binary. */
export const BINARY_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x0a, 0x00, 0xff]);

export interface RunRepo {
  repo: string;
  /** Worktree folder of each run, by run number (1-based). */
  worktree(n: number): string;
  /** Adds another run worktree on branch `run-<n>` from main. */
  addRun(): Promise<string>;
  cleanup(): Promise<void>;
}

/** A repository with `files` committed on main and `runs` worktrees (branches run-1…) made from it. */
export async function makeRunRepo(files: Record<string, string | Uint8Array>, runs = 1): Promise<RunRepo> {
  const repo = await makeTempRepo({ files });
  const dir = await makeTempDir('switchyard-wt-');
  const worktrees: string[] = [];
  const addRun = async (): Promise<string> => {
    const n = worktrees.length + 1;
    const wt = path.join(dir.path, `run ${n}`);
    await runGit(repo.path, ['worktree', 'add', '-q', '-b', `run-${n}`, wt, 'main']);
    worktrees.push(wt);
    return wt;
  };
  for (let i = 0; i < runs; i++) await addRun();
  return {
    repo: repo.path,
    worktree: (n) => worktrees[n - 1] ?? '',
    addRun,
    cleanup: async () => {
      await dir.cleanup();
      await repo.cleanup();
    },
  };
}
