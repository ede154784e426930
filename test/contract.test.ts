// The contract end to end over the in-memory transport: a real core with real git, PTYs and SQLite.
// Bad input gets a typed error and changes nothing; good input fans out to isolated runs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcError, type RpcClient } from '../src/shared/rpc/client';
import type { Repo } from '../src/shared/contract';
import { makeTempRepo } from './helpers/git-fixtures';
import { FAKE_AGENT, isFinished, startCore, waitForRuns, type CoreHarness } from './helpers/core-harness';
import { collectFrames, renderFrames, screenText } from './helpers/terminal-render';
import { failure } from './helpers/rejection';

const git = (cwd: string, ...args: string[]) => promisify(execFile)('git', args, { cwd }).then((r) => r.stdout.trim());

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await failure(p);
  expect(err).toBeInstanceOf(RpcError);
  return (err as RpcError).code;
}

describe('contract over the in-memory transport', () => {
  let h: CoreHarness;
  let client: RpcClient;
  let repo: Repo;
  let repoDir: { path: string; cleanup(): Promise<void> };
  let fakeProfileId: string;

  beforeAll(async () => {
    h = await startCore();
    client = h.client;
    repoDir = await makeTempRepo({ dirName: `my répo "quoted" it's`, files: { 'README.md': '# demo\n', 'src/app.txt': 'one\ntwo\n' } });
    repo = await client.call('repos.open', { path: repoDir.path });
    const profile = await client.call('profiles.saveCommand', {
      name: 'Fake agent',
      commandLine: `node "${FAKE_AGENT}" --lines 10 --delay 10 {prompt}`,
    });
    fakeProfileId = profile.id;
  });
  afterAll(async () => {
    await h.cleanup();
    await repoDir.cleanup();
  });

  it('rejects malformed thread requests with INVALID_INPUT and creates nothing', async () => {
    const valid = { repoId: repo.id, prompt: 'do it', baseBranch: 'main', agents: [{ profileId: fakeProfileId, count: 1 }] };
    const bad: unknown[] = [
      { ...valid, prompt: '' },
      { ...valid, prompt: '   \n ' },
      { ...valid, prompt: 'a\0b' },
      { ...valid, prompt: 'x'.repeat(10 * 1024 * 1024) },
      { ...valid, agents: [{ profileId: fakeProfileId, count: 0 }] },
      { ...valid, agents: [{ profileId: fakeProfileId, count: 17 }] },
      { ...valid, agents: [{ profileId: fakeProfileId, count: 9 }, { profileId: 'shell', count: 8 }] },
      { ...valid, agents: [{ profileId: fakeProfileId, count: 1.5 }] },
      { ...valid, agents: [] },
      { ...valid, extra: true },
      JSON.parse(`{"repoId":"${repo.id}","prompt":"p","baseBranch":"main","agents":[],"__proto__":{"polluted":1}}`),
      { ...valid, repoId: 42 },
      { ...valid, repoId: '../../etc' },
      { prompt: 'missing everything else' },
      null,
      'a string',
    ];
    for (const input of bad) {
      expect(await codeOf(client.call('threads.create', input as never))).toBe('INVALID_INPUT');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await client.call('threads.list', {})).toEqual([]);
    expect(existsSync(join(h.dataDir, 'worktrees'))).toBe(false);
  });

  it('explains an empty prompt and a count over the limit in plain words', async () => {
    const base = { repoId: repo.id, baseBranch: 'main', agents: [{ profileId: fakeProfileId, count: 1 }] };
    await expect(client.call('threads.create', { ...base, prompt: ' ' })).rejects.toThrow(/write a prompt/);
    await expect(
      client.call('threads.create', { ...base, prompt: 'p', agents: [{ profileId: fakeProfileId, count: 17 }] }),
    ).rejects.toThrow(/at most 16 runs/);
  });

  it('rejects unknown operations and unknown references with typed errors', async () => {
    expect(await codeOf(client.call('nope.nothing' as never, {} as never))).toBe('INVALID_INPUT');
    const prompt = 'p';
    expect(await codeOf(client.call('threads.create', { repoId: 'aaaaaaaaaaaa', prompt, baseBranch: 'main', agents: [{ profileId: fakeProfileId, count: 1 }] }))).toBe('NOT_FOUND');
    expect(await codeOf(client.call('threads.create', { repoId: repo.id, prompt, baseBranch: 'no-such-branch', agents: [{ profileId: fakeProfileId, count: 1 }] }))).toBe('BRANCH_NOT_FOUND');
    expect(await codeOf(client.call('threads.create', { repoId: repo.id, prompt, baseBranch: 'main', agents: [{ profileId: 'missing', count: 1 }] }))).toBe('NOT_FOUND');
    expect(await codeOf(client.call('runs.stop', { runId: 'aaaaaaaaaaaa' }))).toBe('NOT_FOUND');
    expect(await client.call('threads.list', {})).toEqual([]);
  });

  it('gives each bad folder its own error code', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'switchyard-bad-'));
    const file = join(scratch, 'file.txt');
    await writeFile(file, 'x');
    const plain = join(scratch, 'plain');
    await mkdir(plain);
    const empty = join(scratch, 'empty');
    await mkdir(empty);
    await git(empty, 'init', '-q');
    const bare = join(scratch, 'bare.git');
    await mkdir(bare);
    await git(bare, 'init', '-q', '--bare');
    expect(await codeOf(client.call('repos.open', { path: join(scratch, 'missing') }))).toBe('PATH_NOT_FOUND');
    expect(await codeOf(client.call('repos.open', { path: file }))).toBe('NOT_A_DIRECTORY');
    expect(await codeOf(client.call('repos.open', { path: plain }))).toBe('NOT_A_GIT_REPO');
    expect(await codeOf(client.call('repos.open', { path: empty }))).toBe('REPO_EMPTY');
    expect(await codeOf(client.call('repos.open', { path: bare }))).toBe('REPO_BARE');
    expect(await codeOf(client.call('repos.open', { path: '' }))).toBe('INVALID_INPUT');
    expect((await client.call('repos.listRecent', {})).map((r) => r.path)).toEqual([repo.path]);
  });

  it('fans a prompt out to isolated runs that stream, edit their own worktree and report +/- stats', async () => {
    const prompt = `Fix "the" bug; rm -rf $HOME — ünïcode 'quotes'`;
    const created = await client.call('threads.create', { repoId: repo.id, prompt, baseBranch: 'main', agents: [{ profileId: fakeProfileId, count: 3 }] });
    expect(created.runs).toHaveLength(3);
    expect(created.runs.every((r) => r.status === 'starting')).toBe(true);

    const streamed = new Map<string, string>();
    const other = h.connect();
    // The diff summary follows the exit (the status never waits on git).
    const runs = await waitForRuns(client, created.thread.id, (r) => isFinished(r) && (r.status !== 'exited' || r.diff !== null));
    for (const run of runs) {
      expect(run.status, run.failure ?? '').toBe('exited');
      expect(run.exitCode).toBe(0);
      expect(run.branch).toMatch(/^switchyard\/[0-9a-f]{8}-fix-the-bug/);
      expect(run.diff).toMatchObject({ files: 2, added: 7, removed: 0 });
      const replay = await screenText(other, run.id);
      streamed.set(run.id, replay);
      expect(replay).toContain(`prompt: ${prompt}`);
      expect(replay).toContain('line 10 of 10 ✓');
      expect(await readFile(join(run.worktreePath, `agent-${run.id}.txt`), 'utf8')).toContain(`change 5 by ${run.id}`);
    }
    expect(new Set(runs.map((r) => r.branch)).size).toBe(3);
    expect(new Set(runs.map((r) => r.worktreePath)).size).toBe(3);
    expect(runs.every((r) => !r.worktreePath.startsWith(repo.path))).toBe(true);
    // The user's checkout is untouched.
    expect(await git(repo.path, 'status', '--porcelain')).toBe('');
    const listed = await readdir(repo.path);
    expect(listed.some((f) => f.startsWith('agent-'))).toBe(false);
  });

  it('streams a replay then live output to an attached client, with no gap and no overlap', async () => {
    const created = await client.call('threads.create', { repoId: repo.id, prompt: 'stream', baseBranch: 'main', agents: [{ profileId: fakeProfileId, count: 1 }] });
    const runId = created.runs[0]!.id;
    await waitForRuns(client, created.thread.id, (r) => r.status !== 'starting');
    const live = collectFrames(client, runId);
    await client.call('runs.attach', { runId });
    await waitForRuns(client, created.thread.id, isFinished);
    await new Promise((r) => setTimeout(r, 100));
    expect(live.frames[0]?.replay).toBeDefined();
    expect(live.frames.length).toBeGreaterThan(1);
    const shownLive = await renderFrames(live.frames);
    expect(shownLive).toBe(await screenText(h.connect(), runId));
    expect(shownLive).toMatch(/line 1 of 10 ✓[\s\S]*line 10 of 10 ✓[\s\S]*fake-agent done/);
    expect(shownLive.match(/line 5 of 10/g)).toHaveLength(1);
  });

  it('fails only the run whose command does not exist; the others keep running', async () => {
    const missing = await client.call('profiles.saveCommand', { name: 'Missing', commandLine: 'definitely-not-a-command-xyz {prompt}' });
    const created = await client.call('threads.create', {
      repoId: repo.id,
      prompt: 'mixed',
      baseBranch: 'main',
      agents: [{ profileId: missing.id, count: 1 }, { profileId: fakeProfileId, count: 2 }],
    });
    const runs = await waitForRuns(client, created.thread.id, isFinished);
    expect(runs[0]).toMatchObject({ status: 'failed' });
    expect(runs[0]!.failure).toMatch(/Command not found: definitely-not-a-command-xyz/);
    expect(runs.slice(1).map((r) => [r.status, r.exitCode])).toEqual([['exited', 0], ['exited', 0]]);
  });

  it('stops a running run and refuses input to a finished one', async () => {
    const holding = await client.call('profiles.saveCommand', { name: 'Holder', commandLine: `node ${FAKE_AGENT} --lines 1 --hold {prompt}` });
    const created = await client.call('threads.create', { repoId: repo.id, prompt: 'hold', baseBranch: 'main', agents: [{ profileId: holding.id, count: 1 }] });
    const [run] = await waitForRuns(client, created.thread.id, (r) => r.status === 'running');
    await client.call('runs.write', { runId: run!.id, data: 'typed\r' });
    await client.call('runs.resize', { runId: run!.id, cols: 100, rows: 30 });
    const stopped = await client.call('runs.stop', { runId: run!.id });
    const [after] = await waitForRuns(client, created.thread.id, isFinished);
    expect(after!.status).toBe('exited');
    expect(after!.stoppedByUser).toBe(true);
    expect(stopped.id).toBe(run!.id);
    expect(await codeOf(client.call('runs.write', { runId: run!.id, data: 'x' }))).toBe('RUN_NOT_ACTIVE');
    expect(await codeOf(client.call('runs.resize', { runId: run!.id, cols: 0, rows: 10 }))).toBe('INVALID_INPUT');
  });

  it('restores threads and transcripts after a restart; runs that were running become interrupted', async () => {
    const holding = await client.call('profiles.saveCommand', { name: 'Holder 2', commandLine: `node ${FAKE_AGENT} --lines 3 --delay 1 --hold {prompt}` });
    const created = await client.call('threads.create', { repoId: repo.id, prompt: 'survive a restart', baseBranch: 'main', agents: [{ profileId: holding.id, count: 2 }] });
    await waitForRuns(client, created.thread.id, (r) => r.status === 'running');
    // Wait until each agent's last line has reached the core (its file is written before that line), then restart.
    const deadline = Date.now() + 10_000;
    for (const run of (await client.call('threads.get', { threadId: created.thread.id })).runs) {
      const replayOf = () => screenText(client, run.id);
      while (!(await replayOf()).includes('fake-agent done') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    }
    await h.stop();

    const again = await startCore({ dataDir: h.dataDir });
    try {
      const threads = await again.client.call('threads.list', { repoId: repo.id });
      expect(threads.map((t) => t.prompt)).toContain('survive a restart');
      const { runs } = await again.client.call('threads.get', { threadId: created.thread.id });
      for (const run of runs) {
        expect(run.status).toBe('interrupted');
        expect(existsSync(join(run.worktreePath, `agent-${run.id}.txt`))).toBe(true);
        expect(await screenText(again.client, run.id)).toContain('line 3 of 3');
      }
    } finally {
      await again.stop();
    }
  });
});
