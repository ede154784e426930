// bench/fanout: time from `threads.create` with 8 runs until all 8 PTYs are spawned, on a generated
// repository of 20,000+ files, as a ratio to 8 sequential `git worktree add` of the same repository
// measured in the same run. Goal: at most 1.25x. Usage: npm run bench:fanout -- [--files N] [--rounds N]
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { startCore } from '../test/helpers/core-harness';
import type { Run } from '../src/shared/contract';

const run = promisify(execFile);
const GOAL = 1.25;
const RUNS = 8;

const { values } = parseArgs({ options: { files: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '1' } } });
const fileCount = Number(values.files);
const rounds = Number(values.rounds);

async function generateRepo(root: string, files: number): Promise<string> {
  const repo = join(root, 'big-repo');
  await mkdir(repo);
  await run('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  const perDir = 100;
  for (let d = 0; d * perDir < files; d++) {
    const dir = join(repo, `pkg${String(d).padStart(3, '0')}`, 'src');
    await mkdir(dir, { recursive: true });
    const writes: Promise<void>[] = [];
    for (let f = 0; f < perDir && d * perDir + f < files; f++) {
      writes.push(writeFile(join(dir, `mod${f}.ts`), `// module ${d}/${f}\nexport const value${f} = ${d * perDir + f};\n`));
    }
    await Promise.all(writes);
  }
  await run('git', ['add', '-A'], { cwd: repo, maxBuffer: 64 * 1024 * 1024 });
  await run('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '-m', 'generated'], { cwd: repo });
  return repo;
}

async function sequentialWorktreeAdds(repo: string, root: string, round: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) {
    await run('git', ['worktree', 'add', '-q', '-b', `bench/seq-${round}-${i}`, join(root, `seq-${round}-${i}`), 'main'], { cwd: repo });
  }
  return performance.now() - started;
}

async function fanout(repo: string, dataDir: string): Promise<number> {
  const h = await startCore({ dataDir });
  try {
    const repoRow = await h.client.call('repos.open', { path: repo });
    const profile = await h.client.call('profiles.saveCommand', { name: 'sleeper', commandLine: 'sleep 600' });
    const spawned = new Set<string>();
    let threadId = '';
    const allSpawned = new Promise<void>((resolve, reject) => {
      h.client.on('runs.changed', (r: Run) => {
        if (r.threadId !== threadId && threadId !== '') return;
        if (r.status === 'failed') reject(new Error(`run failed: ${r.failure}`));
        if (r.startedAt !== null) spawned.add(r.id);
        if (spawned.size === RUNS) resolve();
      });
    });
    const started = performance.now();
    const created = await h.client.call('threads.create', {
      repoId: repoRow.id,
      prompt: 'bench fan-out',
      baseBranch: 'main',
      agents: [{ profileId: profile.id, count: RUNS }],
    });
    threadId = created.thread.id;
    await allSpawned;
    return performance.now() - started;
  } finally {
    await h.stop();
  }
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'switchyard-bench-fanout-'));
  try {
    process.stdout.write(`generating a repository of ${fileCount} files… `);
    const repo = await generateRepo(root, fileCount);
    console.log('done');
    const ratios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Fresh paths every time: on ext4 without a journal, re-creating just-deleted paths is many times slower.
      const seqMs = await sequentialWorktreeAdds(repo, root, round);
      const fanMs = await fanout(repo, join(root, `data-${round}`));
      const ratio = fanMs / seqMs;
      ratios.push(ratio);
      console.log(`round ${round + 1}: ${RUNS} sequential worktree adds ${(seqMs / 1000).toFixed(2)} s; ` +
        `Switchyard fan-out to ${RUNS} spawned PTYs ${(fanMs / 1000).toFixed(2)} s; ratio ${ratio.toFixed(2)}x`);
    }
    const median = ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
    console.log(`fanout: median ratio ${median.toFixed(2)}x (goal ≤ ${GOAL}x) ${median <= GOAL ? 'PASS' : 'FAIL'}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
