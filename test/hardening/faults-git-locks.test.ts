// Faults: another git process holds a lock (a stale `index.lock`, a ref lock). Through the real
// services: the app retries with backoff (GitRunner's budget, 10 s), then reports REPO_BUSY naming
// the lock's path; it never deletes the lock; once the lock is gone the same action succeeds.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LOCK_RETRY_BUDGET_MS } from '../../src/core/git/git-runner';
import { RpcError } from '../../src/shared/rpc/client';
import { useFaultFixtures } from './support/fault-fixtures';
import { until } from './support/host-process';

const execFileAsync = promisify(execFile);
const COUNTER = new URL('./support/counter-agent.mjs', import.meta.url).pathname;
const fx = useFaultFixtures();

const git = async (cwd: string, args: string[]) => (await execFileAsync('git', args, { cwd })).stdout.trim();

/** A core, a repository, and one finished run with edits, ready to merge into main. */
async function finishedRun() {
  const { repo, c } = await fx.coreWithRepo();
  const { client } = c;
  const r = await client.call('repos.open', { path: repo.path });
  const profile = await client.call('profiles.saveCommand', { name: 'short', commandLine: `${process.execPath} ${COUNTER} --max 2` });
  const create = () => client.call('threads.create', { repoId: r.id, prompt: 'locks', baseBranch: 'main', agents: [{ profileId: profile.id, count: 1 }] });
  const finished = async (threadId: string) => {
    await until(async () => ['exited', 'failed'].includes((await client.call('threads.get', { threadId: threadId as never })).runs[0]?.status ?? ''), 'the run to finish');
    return (await client.call('threads.get', { threadId: threadId as never })).runs[0]!;
  };
  const created = await create();
  const run = await finished(created.thread.id);
  expect(run.status).toBe('exited');
  return { repo: repo.path, client, run, create, finished };
}

async function busy(call: Promise<unknown>): Promise<RpcError> {
  const started = Date.now();
  const err = await call.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(RpcError);
  expect(Date.now() - started).toBeGreaterThanOrEqual(LOCK_RETRY_BUDGET_MS / 2); // it retried before giving up
  return err as RpcError;
}

/**
 * Merges the finished run while `lock` (already written) is held: REPO_BUSY naming the lock, the lock
 * kept and `ref` unmoved; once the lock is removed the same merge succeeds.
 */
async function mergeUnderLock({ repo, client, run }: Awaited<ReturnType<typeof finishedRun>>, lock: string, ref: string): Promise<void> {
  const tip = await git(repo, ['rev-parse', ref]);
  const err = await busy(client.call('merge.run', { runId: run.id, mode: 'merge', message: 'merge under lock' }));
  expect(err.code).toBe('REPO_BUSY');
  expect(err.message).toContain(lock);
  expect(existsSync(lock)).toBe(true);
  expect(await git(repo, ['rev-parse', ref])).toBe(tip);
  await rm(lock);
  expect((await client.call('merge.run', { runId: run.id, mode: 'merge', message: 'merge after lock' })).kind).toBe('merged');
}

describe('git lock held by another process', () => {
  it('merge into a checked-out base while index.lock exists: REPO_BUSY with the path, lock kept, merge works once it is gone', async () => {
    const done = await finishedRun();
    const lock = join(done.repo, '.git', 'index.lock');
    await writeFile(lock, 'held by another git\n');
    await mergeUnderLock(done, lock, 'main');
  });

  it('merge into a base checked out nowhere while refs/heads/main.lock exists: REPO_BUSY with the path, lock kept, then merged', async () => {
    const done = await finishedRun();
    await git(done.repo, ['checkout', '-q', '--detach']);
    const lock = join(done.repo, '.git', 'refs', 'heads', 'main.lock');
    await writeFile(lock, '');
    await mergeUnderLock(done, lock, 'refs/heads/main');
  });

  it('thread creation while index.lock, packed-refs.lock and config.lock are held: runs start (none of them is needed), every lock is kept', async () => {
    const { repo, create, finished } = await finishedRun();
    const locks = ['index.lock', 'packed-refs.lock', 'config.lock'].map((name) => join(repo, '.git', name));
    for (const lock of locks) await writeFile(lock, 'held by another git\n');
    const created = await create();
    const run = await finished(created.thread.id);
    expect(run).toMatchObject({ status: 'exited', exitCode: 0 });
    for (const lock of locks) expect(existsSync(lock), lock).toBe(true);
  });
});
