// bench/merge: a clean merge through Switchyard's merge engine (compute off to the side, checks,
// compare-and-swap publish) as a ratio to the bare `git merge-tree --write-tree` + `git commit-tree`
// of the same branches, measured in the same run. Goal: at most 25x. Usage: npm run bench:merge -- [--rounds N]
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { GitRunner } from '../src/core/git/git-runner';
import { merge } from '../src/core/merge/merge-engine';

const run = promisify(execFile);
const GOAL = 25;
/** Files in the generated repository, and files the run branch and the base each change. */
const FILES = 2_000;
const RUN_CHANGES = 50;
const BASE_CHANGES = 20;

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } });
const rounds = Number(values.rounds);
const ident = ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid'];
const git = (cwd: string, ...args: string[]) => run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 }).then((r) => r.stdout.trim());

async function setUp(root: string): Promise<string> {
  const repo = join(root, 'repo');
  await mkdir(join(repo, 'src'), { recursive: true });
  await git(repo, 'init', '-q', '-b', 'main');
  await Promise.all(Array.from({ length: FILES }, (_, i) => writeFile(join(repo, 'src', `m${i}.ts`), `export const v${i} = ${i};\n`)));
  await git(repo, 'add', '-A');
  await git(repo, ...ident, 'commit', '-q', '-m', 'base');
  await git(repo, 'checkout', '-q', '-b', 'run');
  for (let i = 0; i < RUN_CHANGES; i++) await writeFile(join(repo, 'src', `m${i}.ts`), `export const v${i} = ${i} * 2;\n`);
  await git(repo, ...ident, 'commit', '-q', '-a', '-m', 'run work');
  await git(repo, 'checkout', '-q', 'main');
  for (let i = FILES - BASE_CHANGES; i < FILES; i++) await writeFile(join(repo, 'src', `m${i}.ts`), `export const v${i} = -${i};\n`);
  await git(repo, ...ident, 'commit', '-q', '-a', '-m', 'base moved');
  await git(repo, 'checkout', '-q', '--detach'); // the base branch is not checked out: publish is a CAS update-ref
  return repo;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'switchyard-bench-merge-'));
  try {
    const repo = await setUp(root);
    const baseTip = await git(repo, 'rev-parse', 'main');
    const gitRunner = new GitRunner();
    const bare: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      const tree = await git(repo, 'merge-tree', '--write-tree', 'main', 'run');
      await git(repo, ...ident, 'commit-tree', tree.split('\n')[0]!, '-p', 'main', '-p', 'run', '-m', 'merge');
      bare.push(performance.now() - t);
      t = performance.now();
      const result = await merge(gitRunner, { repoPath: repo, baseBranch: 'main', runBranch: 'run', mode: 'merge', message: 'merge' });
      ours.push(performance.now() - t);
      if (result.kind !== 'merged') throw new Error(`expected a clean merge, got ${result.kind}`);
      await git(repo, 'update-ref', 'refs/heads/main', baseTip); // back to the same starting point
    }
    const ratio = median(ours) / median(bare);
    console.log(`merge: Switchyard merge ${median(ours).toFixed(1)} ms / merge-tree + commit-tree ${median(bare).toFixed(1)} ms = ${ratio.toFixed(2)}x (goal ≤ ${GOAL}x) ${ratio <= GOAL ? 'PASS' : 'FAIL'}  [median of ${rounds}]`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
