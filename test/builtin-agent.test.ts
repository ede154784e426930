// The built-in agent through the core, against a scripted OpenAI-compatible server on loopback:
// a turn that writes a file and runs a command (after the user approves it), token usage and the
// conversation stored, the run's diff showing the change, a follow-up turn with the history, and
// a server error ending the run as failed with the reason.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Repo } from '../src/shared/contract';
import type { RpcClient } from '../src/shared/rpc/client';
import { startScriptedModelServer, type ScriptedModelServer } from './fixtures/scripted-model-server';
import { makeTempRepo } from './helpers/git-fixtures';
import { isFinished, startCore, waitForRuns, type CoreHarness } from './helpers/core-harness';
import { screenText } from './helpers/terminal-render';

describe('built-in agent', () => {
  let server: ScriptedModelServer;
  let h: CoreHarness;
  let client: RpcClient;
  let repoDir: { path: string; cleanup(): Promise<void> };
  let repo: Repo;

  beforeAll(async () => {
    server = await startScriptedModelServer({ script: [], requireKey: 'sk-test-123' });
    h = await startCore({ env: { ...process.env, SWITCHYARD_TEST_KEY: 'sk-test-123', OPENAI_API_KEY: 'sk-must-not-leak' } });
    client = h.client;
    repoDir = await makeTempRepo({ files: { 'README.md': '# agent\n' } });
    repo = await client.call('repos.open', { path: repoDir.path });
  });
  afterAll(async () => {
    await h.cleanup();
    await server.close();
    await repoDir.cleanup();
  });

  const profile = (approval: 'auto' | 'ask') =>
    client.call('profiles.saveBuiltin', {
      name: `Scripted (${approval})`, baseUrl: server.baseURL, model: 'scripted-1', api: 'chat', approval,
      sandbox: false, network: false, apiKeyEnv: 'SWITCHYARD_TEST_KEY',
    });

  it('saves a profile without ever returning the key, and tests its connection', async () => {
    const saved = await profile('auto');
    expect(saved).toMatchObject({ kind: 'builtin', builtin: { hasApiKey: true, apiKeyEnv: 'SWITCHYARD_TEST_KEY' } });
    expect(JSON.stringify(await client.call('profiles.list', {}))).not.toContain('sk-test-123');
  });

  it('runs a turn that edits the worktree and runs an approved command; a follow-up turn gets the history', async () => {
    const p = await profile('ask');
    server.push(
      { kind: 'reply', text: 'Writing the file.', toolCalls: [{ name: 'write_file', arguments: { path: 'hello.txt', content: 'hello from the agent\n' } }] },
      { kind: 'reply', toolCalls: [{ name: 'run_command', arguments: { command: 'wc -l hello.txt > count.txt; env > env.txt' } }] },
      { kind: 'reply', text: 'Done: hello.txt written.', usage: { input: 50, output: 5 } },
    );
    const approvals: string[] = [];
    client.on('runs.approvalRequested', (req) => {
      approvals.push(req.command);
      void (async () => {
        // A window that connected later can still see what is waiting, and answer it.
        const pending = await h.connect().call('runs.pendingApprovals', { runId: req.runId });
        expect(pending).toEqual([{ runId: req.runId, callId: req.callId, command: req.command, sandboxed: false }]);
        await client.call('runs.approve', { runId: req.runId, callId: req.callId, approve: true });
      })();
    });
    const created = await client.call('threads.create', { repoId: repo.id, prompt: 'Write hello.txt', baseBranch: 'main', agents: [{ profileId: p.id, count: 1 }] });
    const [run] = await waitForRuns(client, created.thread.id, (r) => isFinished(r) && r.diff !== null, 30_000);
    expect(run).toMatchObject({ status: 'exited', exitCode: 0, activity: null, usage: { inputTokens: 250, outputTokens: 25 } });
    expect(approvals).toEqual(['wc -l hello.txt > count.txt; env > env.txt']);
    expect(await readFile(join(run!.worktreePath, 'hello.txt'), 'utf8')).toBe('hello from the agent\n');
    expect(await readFile(join(run!.worktreePath, 'count.txt'), 'utf8')).toMatch(/^1 hello.txt/);
    const childEnv = await readFile(join(run!.worktreePath, 'env.txt'), 'utf8');
    expect(childEnv).not.toContain('sk-test-123');
    expect(childEnv).not.toContain('sk-must-not-leak');
    expect(run!.diff).toMatchObject({ files: 3 });
    expect(await screenText(client, run!.id)).toContain('Done: hello.txt written.');

    server.push({ kind: 'reply', text: 'Second turn answer.' });
    await client.call('runs.followUp', { runId: run!.id, prompt: 'And now?' });
    const [again] = await waitForRuns(client, created.thread.id, (r) => r.status === 'exited' && (r.usage?.inputTokens ?? 0) > 250, 30_000);
    expect(again!.usage!.inputTokens).toBe(350);
    const last = server.requests[server.requests.length - 1]!.body as { messages: Array<{ role: string; content: unknown }> };
    const text = JSON.stringify(last.messages);
    expect(text).toContain('Write hello.txt');
    expect(text).toContain('Done: hello.txt written.');
    expect(text).toContain('And now?');
    expect(await screenText(client, run!.id)).toContain('Second turn answer.');
    const turns = await client.call('runs.turns', { runId: run!.id });
    expect(turns.map((t) => [t.prompt, t.inputTokens, t.outputTokens])).toEqual([['Write hello.txt', 250, 25], ['And now?', 100, 10]]);
    expect(turns.every((t) => (t.elapsedMs ?? -1) >= 0)).toBe(true);
  });

  it('ends the run as failed, with the reason, when the server answers with an error', async () => {
    const p = await profile('auto');
    server.push({ kind: 'http-error', status: 500, message: 'model exploded' });
    const created = await client.call('threads.create', { repoId: repo.id, prompt: 'Fail please', baseBranch: 'main', agents: [{ profileId: p.id, count: 1 }] });
    const [run] = await waitForRuns(client, created.thread.id, isFinished, 30_000);
    expect(run!.status).toBe('failed');
    expect(run!.failure).toMatch(/500|model exploded/);
  });
});
