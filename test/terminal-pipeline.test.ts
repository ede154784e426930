// The terminal pipeline through the real core with real PTYs: every byte reaches the transcript
// (split UTF-8, fast exit), a client that never acknowledges cannot stall a run for good, and a
// resize during output reaches the program.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../src/shared/rpc/client';
import type { Repo } from '../src/shared/contract';
import { makeTempRepo } from './helpers/git-fixtures';
import { isFinished, startCore, waitForRuns, type CoreHarness } from './helpers/core-harness';
import { collectFrames, renderFrames, screenText } from './helpers/terminal-render';
// @ts-expect-error: a plain .mjs fixture shared with the child process
import { expectedText } from './fixtures/split-utf8-writer.mjs';

const WRITER = fileURLToPath(new URL('./fixtures/split-utf8-writer.mjs', import.meta.url));

function storedTranscript(dbFile: string, runId: string): string {
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db.prepare('SELECT data FROM transcript_chunks WHERE run_id = ? ORDER BY seq').all(runId) as { data: string }[];
    return rows.map((r) => r.data).join('');
  } finally {
    db.close();
  }
}

describe('terminal pipeline through the core', () => {
  let h: CoreHarness;
  let client: RpcClient;
  let repo: Repo;
  let repoDir: { path: string; cleanup(): Promise<void> };

  beforeAll(async () => {
    h = await startCore();
    client = h.client;
    repoDir = await makeTempRepo({ files: { 'README.md': '# pipeline\n' } });
    repo = await client.call('repos.open', { path: repoDir.path });
  });
  afterAll(async () => {
    await h.cleanup();
    await repoDir.cleanup();
  });

  async function thread(commandLine: string, count: number) {
    const profile = await client.call('profiles.saveCommand', { name: `p ${Math.random()}`, commandLine });
    return client.call('threads.create', { repoId: repo.id, prompt: 'pipeline', baseBranch: 'main', agents: [{ profileId: profile.id, count }] });
  }

  it('stores every byte of fast-exiting children that split UTF-8 characters across writes', async () => {
    const created = await thread(`node ${WRITER} 1000000 7`, 4);
    const runs = await waitForRuns(client, created.thread.id, isFinished, 60_000);
    expect(runs.map((r) => [r.status, r.exitCode])).toEqual(runs.map(() => ['exited', 0]));
    await h.stop(); // flushes the transcript worker and closes the database
    const expected = expectedText(1_000_000, 7) as string;
    for (const run of runs) expect(storedTranscript(join(h.dataDir, 'switchyard.db'), run.id) === expected, run.id).toBe(true);
    h = await startCore({ dataDir: h.dataDir });
    client = h.client;
  });

  it('lets a run finish although a client attached to it never acknowledges, once that client detaches', async () => {
    const created = await thread(`node -e "process.stdout.write('x'.repeat(3000000)); console.log('END')"`, 1);
    const runId = created.runs[0]!.id;
    const silent = h.connect(); // attaches and never acks
    const { frames } = collectFrames(silent, runId);
    await silent.call('runs.attach', { runId });
    await new Promise((r) => setTimeout(r, 1500));
    const { runs } = await client.call('threads.get', { threadId: created.thread.id });
    expect(runs[0]!.status).toBe('running'); // held by flow control, not buffered without bound
    const received = frames.reduce((n, f) => n + f.data.length, 0);
    expect(received).toBeLessThan(1_000_000);
    await silent.call('runs.detach', { runId });
    const [done] = await waitForRuns(client, created.thread.id, isFinished, 30_000);
    expect(done).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(await screenText(client, runId)).toContain('END');
  });

  it('delivers a resize made during output to the program, in order with its output', async () => {
    const created = await thread(`sh -c "i=0; while [ $i -lt 3000 ]; do echo line $i; i=$((i+1)); done; sleep 0.5; stty size"`, 1);
    const runId = created.runs[0]!.id;
    const live = collectFrames(client, runId);
    await client.call('runs.attach', { runId });
    await waitForRuns(client, created.thread.id, (r) => r.status === 'running');
    await client.call('runs.resize', { runId, cols: 100, rows: 30 });
    await waitForRuns(client, created.thread.id, isFinished, 30_000);
    await new Promise((r) => setTimeout(r, 100));
    const shown = await renderFrames(live.frames);
    expect(shown).toMatch(/line 2999\s*\n30 100$/);
  });
});
