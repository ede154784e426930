// What every terminal bench needs before it can measure: a tiny git repository opened in the core,
// command profiles for the producers, and threads whose runs are up (or done), driven over the contract.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Run } from '../../../src/shared/contract';
import type { RpcClient } from '../../../src/shared/rpc/client';
import { sleep } from './stats';

const run = promisify(execFile);

/** How long runs may take to come up or finish before a bench gives up, in ms. */
const RUNS_TIMEOUT_MS = 60_000;
/** threads.get polling period while waiting for runs, in ms (events usually arrive first). */
const POLL_MS = 100;

export const isFinished = (r: Run): boolean => r.status === 'exited' || r.status === 'failed' || r.status === 'interrupted';
const isUp = (r: Run): boolean => r.startedAt !== null || isFinished(r);

/** A one-commit repository on branch main: worktrees of it cost a few ms each. */
export async function makeRepo(root: string): Promise<string> {
  const repo = join(root, 'repo');
  await mkdir(repo, { recursive: true });
  await run('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  await writeFile(join(repo, 'README.md'), 'bench fixture\n');
  await run('git', ['add', '-A'], { cwd: repo });
  await run('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '-m', 'fixture'], { cwd: repo });
  return repo;
}

export interface Fixture {
  repoId: string;
  /** Saves (or reuses) a command profile and returns its id. */
  profile(name: string, commandLine: string): Promise<string>;
  /**
   * Creates a thread with these agents and resolves once every run is spawned (`until: 'up'`) or has
   * ended (`until: 'finished'`). Throws if any run failed to start.
   */
  thread(agents: { profileId: string; count: number }[], until?: 'up' | 'finished'): Promise<Run[]>;
  /** Resolves with the runs once every one of them has ended. */
  waitFinished(threadId: string): Promise<Run[]>;
}

export async function openFixture(client: RpcClient, repoPath: string): Promise<Fixture> {
  const repo = await client.call('repos.open', { path: repoPath });
  const profiles = new Map<string, string>();
  const waitRuns = async (threadId: string, done: (r: Run) => boolean): Promise<Run[]> => {
    const deadline = Date.now() + RUNS_TIMEOUT_MS;
    for (;;) {
      const { runs } = await client.call('threads.get', { threadId: threadId as never });
      const failed = runs.find((r) => r.status === 'failed');
      if (failed) throw new Error(`run ${failed.id} failed: ${failed.failure}`);
      if (runs.every(done)) return runs;
      if (Date.now() > deadline) throw new Error(`runs not ${done === isUp ? 'up' : 'finished'} in time: ${runs.map((r) => r.status).join(',')}`);
      await sleep(POLL_MS);
    }
  };
  return {
    repoId: repo.id,
    async profile(name, commandLine) {
      const known = profiles.get(name);
      if (known) return known;
      const p = await client.call('profiles.saveCommand', { name, commandLine });
      profiles.set(name, p.id);
      return p.id;
    },
    async thread(agents, until = 'up') {
      const created = await client.call('threads.create', {
        repoId: repo.id,
        prompt: 'bench',
        baseBranch: 'main',
        agents: agents as never,
      });
      return waitRuns(created.thread.id, until === 'up' ? isUp : isFinished);
    },
    waitFinished: (threadId) => waitRuns(threadId, isFinished),
  };
}
