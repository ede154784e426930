// Review, compare, checks, merge and the run lifecycle over the contract, on real git: three runs
// that edit the same file differently, checks from .switchyard.json (one run fails them), the
// compare matrix and scorecard, a merge with the others archived to backup refs, undo, restore, delete.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../src/shared/contract';
import type { RpcClient } from '../src/shared/rpc/client';
import { makeTempRepo } from './helpers/git-fixtures';
import { isFinished, startCore, waitForRuns, type CoreHarness } from './helpers/core-harness';
import { screenText } from './helpers/terminal-render';

const GREETER = fileURLToPath(new URL('./fixtures/greeter-agent.mjs', import.meta.url));
const git = (cwd: string, ...args: string[]) => promisify(execFile)('git', args, { cwd }).then((r) => r.stdout.trim());

describe('review, compare and merge over the contract', () => {
  let h: CoreHarness;
  let client: RpcClient;
  let repo: { path: string; cleanup(): Promise<void> };
  let threadId: string;
  let runs: Run[];
  const liveOutput: string[] = [];

  beforeAll(async () => {
    h = await startCore();
    client = h.client;
    client.on('checks.output', (e) => liveOutput.push(e.data));
    repo = await makeTempRepo({ files: { 'README.md': '# demo\n', '.switchyard.json': JSON.stringify({ setup: ['echo prepared-on-port-$SWITCHYARD_PORT'], checks: { test: 'echo checking-for-ok && test -f ok.txt' } }) } });
    const repoRow = await client.call('repos.open', { path: repo.path });
    const ok1 = await client.call('profiles.saveCommand', { name: 'g1', commandLine: `node ${GREETER} 1` });
    const ok2 = await client.call('profiles.saveCommand', { name: 'g2', commandLine: `node ${GREETER} 2` });
    const bad = await client.call('profiles.saveCommand', { name: 'g3', commandLine: `node ${GREETER} 3 --no-ok` });
    const created = await client.call('threads.create', {
      repoId: repoRow.id,
      prompt: 'Greet the world',
      baseBranch: 'main',
      agents: [{ profileId: ok1.id, count: 1 }, { profileId: ok2.id, count: 1 }, { profileId: bad.id, count: 1 }],
    });
    threadId = created.thread.id;
    runs = await waitForRuns(client, threadId, (r) => isFinished(r) && r.diff !== null);
  });
  afterAll(async () => {
    await h.cleanup();
    await repo.cleanup();
  });

  it('lists a run\'s changed files and loads one patch', async () => {
    const diff = await client.call('review.runDiff', { runId: runs[0]!.id });
    expect(diff.files.map((f) => [f.path, f.status, f.untracked])).toEqual([['greeting.txt', 'added', true], ['ok.txt', 'added', true]]);
    const patch = await client.call('review.filePatch', { runId: runs[0]!.id, path: 'greeting.txt' });
    expect(patch.patch).toContain('+hello from variant 1');
    await expect(client.call('review.filePatch', { runId: runs[0]!.id, path: '../../etc/passwd' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('remembers viewed files until they change again', async () => {
    const runId = runs[1]!.id;
    await client.call('review.markViewed', { runId, path: 'greeting.txt', viewed: true });
    expect((await client.call('review.runDiff', { runId })).files.find((f) => f.path === 'greeting.txt')!.viewed).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(join(runs[1]!.worktreePath, 'greeting.txt'), 'changed again\n');
    expect((await client.call('review.runDiff', { runId })).files.find((f) => f.path === 'greeting.txt')!.viewed).toBe(false);
    await writeFile(join(runs[1]!.worktreePath, 'greeting.txt'), 'hello from variant 2\n'.repeat(2));
  });

  it('runs setup before the agent, in the run\'s terminal, with its own port block', async () => {
    expect(await screenText(client, runs[0]!.id)).toMatch(/prepared-on-port-2\d{4}/);
  });

  it('runs checks in each worktree when the run finishes, stores the results and ranks passing runs first', async () => {
    const deadline = Date.now() + 30_000;
    let card = await client.call('compare.scorecard', { threadId });
    while (card.some((r) => r.total === 0 || r.running > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      card = await client.call('compare.scorecard', { threadId });
    }
    expect(card.map((r) => [r.runId, r.passed, r.failed])).toEqual([
      [runs[0]!.id, 1, 0],
      [runs[1]!.id, 1, 0],
      [runs[2]!.id, 0, 1],
    ]);
    const results = await client.call('checks.list', { runId: runs[2]!.id });
    expect(results[0]).toMatchObject({ name: 'test', status: 'failed', exitCode: 1 });
    expect(liveOutput.join('')).toContain('checking-for-ok'); // streamed while the check ran
    // On demand, again: a second result is stored.
    await client.call('checks.run', { runId: runs[2]!.id });
    const again = Date.now() + 20_000;
    while ((await client.call('checks.list', { runId: runs[2]!.id })).filter((r) => r.status !== 'running').length < 2 && Date.now() < again) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await client.call('checks.list', { runId: runs[2]!.id })).length).toBe(2);
  });

  it('compares the runs file by file', async () => {
    const matrix = await client.call('compare.matrix', { threadId, runIds: runs.map((r) => r.id) });
    const greeting = matrix.files.find((f) => f.path === 'greeting.txt')!;
    expect(greeting.touchedBy).toBe(3);
    expect(greeting.agreement).toBe('differ');
    expect(matrix.files.find((f) => f.path === 'ok.txt')).toMatchObject({ touchedBy: 2, agreement: 'agree' });
    const between = await client.call('compare.diffBetween', { runA: runs[0]!.id, runB: runs[1]!.id, path: 'greeting.txt' });
    expect(between.identical).toBe(false);
    expect(between.patch).toContain('+hello from variant 2');
  });

  it('merges the chosen run into main, archives the others to backup refs, and can undo', async () => {
    const outcome = await client.call('merge.run', { runId: runs[0]!.id, mode: 'merge', message: 'Greet the world (run 1)', archiveOthers: true });
    expect(outcome.kind).toBe('merged');
    expect(await git(repo.path, 'show', 'main:greeting.txt')).toBe('hello from variant 1');
    expect(await readFile(join(repo.path, 'greeting.txt'), 'utf8')).toBe('hello from variant 1\n'); // the clean checkout fast-forwarded
    const deadline = Date.now() + 20_000;
    let others: Run[] = [];
    while (Date.now() < deadline) {
      others = (await client.call('threads.get', { threadId })).runs.slice(1);
      if (others.every((r) => r.archivedAt !== null)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const run of others) {
      expect(run.archivedAt).not.toBeNull();
      expect(existsSync(run.worktreePath)).toBe(false);
      expect(await git(repo.path, 'for-each-ref', '--format=%(refname)', `refs/switchyard/backup/${run.id}`)).toBe(`refs/switchyard/backup/${run.id}`);
    }
    const records = await client.call('merge.list', { threadId });
    expect(records[0]).toMatchObject({ runId: runs[0]!.id, state: 'published' });
    if (outcome.kind !== 'merged') return;
    const undone = await client.call('merge.undo', { mergeId: outcome.mergeId });
    expect(undone.undone).toBe(true);
    expect(await git(repo.path, 'rev-parse', 'main')).toBe(outcome.oldTip);
    expect(existsSync(join(repo.path, 'greeting.txt'))).toBe(false);
  });

  it('restores an archived run with its uncommitted work, and deletes one only after confirmation', async () => {
    const archived = await client.call('runs.listArchived', { repoId: (await client.call('repos.listRecent', {}))[0]!.id });
    expect(archived.map((r) => r.id).sort()).toEqual([runs[1]!.id, runs[2]!.id].sort());
    const restored = await client.call('runs.restore', { runId: runs[2]!.id });
    expect(restored.archivedAt).toBeNull();
    expect(await readFile(join(restored.worktreePath, 'greeting.txt'), 'utf8')).toBe('hello from variant 3\n'.repeat(3));
    const loss = await client.call('runs.describeLoss', { runId: runs[2]!.id });
    expect(loss.untracked.items).toContain('greeting.txt');
    await expect(client.call('runs.delete', { runId: runs[2]!.id, confirm: false as never })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const deleted = await client.call('runs.delete', { runId: runs[2]!.id, confirm: true });
    expect(deleted.backupRef).toBe(`refs/switchyard/backup/${runs[2]!.id}`);
    // The run never committed: its branch holds nothing beyond the base, so it goes; its work is in the backup ref.
    expect(deleted.branchDeleted).toBe(true);
    expect(existsSync(restored.worktreePath)).toBe(false);
    const backupTree = await git(repo.path, 'show', `${deleted.backupRef}:greeting.txt`);
    expect(backupTree).toContain('hello from variant 3');
  });

  it('reports, after a restart, a worktree folder deleted by hand, and deletes nothing', async () => {
    const run = (await client.call('threads.get', { threadId })).runs[0]!;
    await rm(run.worktreePath, { recursive: true, force: true });
    await h.stop();
    const again = await startCore({ dataDir: h.dataDir });
    try {
      const drift = await again.client.call('app.drift', {});
      expect(drift).toContainEqual(expect.objectContaining({ runId: run.id, kind: 'worktree-missing', path: run.worktreePath }));
      expect(await git(repo.path, 'rev-parse', '--verify', run.branch)).toMatch(/^[0-9a-f]{40}$/); // the branch is still there
    } finally {
      await again.stop();
    }
  });
});
