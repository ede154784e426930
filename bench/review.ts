// bench/review: the review core against plain git, measured in the same run on a generated repository.
//  - G6/G7 run diff: readRunDiff (file list with +/-, sizes, untracked scan) of a 50-file change
//    (25 files committed, 25 uncommitted) vs one plain `git diff <merge-base>` of the same change. Goal ≤ 3x.
//  - compare matrix: compareRuns of 4 runs x 200 changed files (120 committed, 80 uncommitted each;
//    neighbouring runs share 150 files)
//    vs the four `git diff --numstat <merge-base>` calls run concurrently (sequential sum printed
//    too). Goal ≤ 3x and under 1 s.
// Each figure is the median of --rounds timed repetitions after one warm-up, alternating with its limit.
// Usage: npx tsx bench/review.ts [--files N] [--rounds N]
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { GitRunner } from '../src/core/git/git-runner';
import { compareRuns } from '../src/core/review/compare';
import { readRunDiff } from '../src/core/review/run-diff';

const exec = promisify(execFile);
/** Plain git as a user runs it, without the user's config; no background auto-gc writing while the bench deletes. */
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'gc.auto',
  GIT_CONFIG_VALUE_0: '0',
};
const git = (cwd: string, args: string[]) => exec('git', args, { cwd, env: GIT_ENV, maxBuffer: 256 * 1024 * 1024 });

const { values } = parseArgs({ options: { files: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '15' } } });
const fileCount = Number(values.files);
const rounds = Number(values.rounds);

/** A source-like file of ~40 lines. */
const source = (seed: number, variant = ''): string =>
  Array.from({ length: 40 }, (_, i) => `export const value${i} = ${seed * 100 + i}; // ${variant}${i % 7 === 0 ? ' changed' : ''}`).join('\n') + '\n';

const pathOf = (i: number): string => join(`pkg${String(Math.floor(i / 100)).padStart(3, '0')}`, 'src', `mod${i % 100}.ts`);

async function generateRepo(root: string): Promise<string> {
  const repo = join(root, 'repo');
  await mkdir(repo);
  await git(repo, ['init', '-q', '-b', 'main']);
  for (let start = 0; start < fileCount; start += 500) {
    await Promise.all(Array.from({ length: Math.min(500, fileCount - start) }, async (_, k) => {
      const file = join(repo, pathOf(start + k));
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, source(start + k));
    }));
  }
  await git(repo, ['add', '-A']);
  await git(repo, ['commit', '-q', '-m', 'generated']);
  return repo;
}

/** A run worktree with `committed` files changed and committed, then `uncommitted` more changed on disk. */
async function makeRun(repo: string, root: string, name: string, offset: number, committed: number, uncommitted: number): Promise<string> {
  const wt = join(root, name);
  await git(repo, ['worktree', 'add', '-q', '-b', name, wt, 'main']);
  const edit = (i: number) => writeFile(join(wt, pathOf((offset + i * 37) % fileCount)), source(i, name));
  await Promise.all(Array.from({ length: committed }, (_, i) => edit(i)));
  await git(wt, ['commit', '-q', '-am', 'agent work']);
  await Promise.all(Array.from({ length: uncommitted }, (_, i) => edit(committed + i)));
  return wt;
}

/**
 * Medians of `limit` and `ours`, timed in alternating order round after round, so a busy machine
 * slows both sides alike. One untimed warm-up of each first (page cache, index stat data).
 */
async function paired(limit: () => Promise<unknown>, ours: () => Promise<unknown>): Promise<{ limit: number; ours: number }> {
  await limit();
  await ours();
  const times = { limit: [] as number[], ours: [] as number[] };
  const time = async (fn: () => Promise<unknown>, into: number[]) => {
    const start = performance.now();
    await fn();
    into.push(performance.now() - start);
  };
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      await time(limit, times.limit);
      await time(ours, times.ours);
    } else {
      await time(ours, times.ours);
      await time(limit, times.limit);
    }
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  return { limit: median(times.limit), ours: median(times.ours) };
}

function report(name: string, measured: number, limit: number, goal: number, limitSource: string, extra = ''): boolean {
  const ratio = measured / limit;
  const pass = ratio <= goal;
  console.log(`${name}: ${measured.toFixed(1)} ms / ${limit.toFixed(1)} ms = ${ratio.toFixed(2)} (goal ≤ ${goal}; limit: ${limitSource}) ${pass ? 'PASS' : 'FAIL'}${extra}`);
  return pass;
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'switchyard-bench-review-'));
  const runner = new GitRunner();
  let ok = true;
  try {
    process.stdout.write(`generating a repository of ${fileCount} files… `);
    const repo = await generateRepo(root);
    console.log('done');

    const single = await makeRun(repo, root, 'diff-run', 0, 25, 25);
    const mb = (await git(single, ['merge-base', 'main', 'HEAD'])).stdout.trim();
    const files = (await readRunDiff(runner, { worktreePath: single, baseBranch: 'main' })).files.length;
    const d = await paired(() => git(single, ['diff', mb]), () => readRunDiff(runner, { worktreePath: single, baseBranch: 'main' }));
    ok = report(`run diff (${files} files: 25 committed + 25 uncommitted)`, d.ours, d.limit, 3, '`git diff <merge-base>`, same change, same run') && ok;

    const runs = await Promise.all([0, 1, 2, 3].map((r) => makeRun(repo, root, `cmp-run-${r}`, r * 50 * 37, 120, 80)));
    const mbs = await Promise.all(runs.map(async (wt) => (await git(wt, ['merge-base', 'main', 'HEAD'])).stdout.trim()));
    const numstat = (i: number) => git(runs[i] ?? '', ['diff', '--numstat', mbs[i] ?? '']);
    const input = runs.map((wt, i) => ({ runId: `run-${i}`, worktreePath: wt }));
    const matrix = await compareRuns(runner, input, 'main');
    const c = await paired(() => Promise.all([0, 1, 2, 3].map(numstat)), () => compareRuns(runner, input, 'main'));
    const s = await paired(async () => {
      for (let i = 0; i < 4; i++) await numstat(i);
    }, () => compareRuns(runner, input, 'main'));
    const [compare, concurrent] = [c.ours, c.limit];
    const cells = matrix.runs.map((r) => r.files).join('/');
    ok = report(`compare matrix (4 runs x ${cells} files, ${matrix.files.length} rows)`, compare, concurrent, 3, 'four `git diff --numstat` run concurrently, same run',
      `\n    vs the four calls run one after another: ${s.ours.toFixed(1)} ms / ${s.limit.toFixed(1)} ms = ${(s.ours / s.limit).toFixed(2)}x`) && ok;
    const underSecond = compare < 1000;
    console.log(`compare matrix absolute: ${compare.toFixed(1)} ms / 1000 ms = ${(compare / 1000).toFixed(2)} (goal < 1) ${underSecond ? 'PASS' : 'FAIL'}`);
    ok = ok && underSecond;
  } finally {
    await rm(root, { recursive: true, force: true, maxRetries: 5 });
  }
  if (!ok) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
