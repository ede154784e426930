// The first-run checklist through the contract (`app.firstRunChecks`) on a real core: with no agent
// CLI on the PATH runs get and no endpoint, then with stand-in `codex` and `claude` scripts on it, a
// fake OpenAI-compatible server on an injected port and OPENAI_API_KEY set (reported, never returned).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedModelServer, type ScriptedModelServer } from './fixtures/scripted-model-server';
import { binWithGit, closedPort, writeExecutable } from './helpers/agent-path';
import { startCore, type CoreHarness } from './helpers/core-harness';

const KEY = 'sk-first-run-never-returned';

async function script(dir: string, name: string, body: string): Promise<void> {
  await writeExecutable(dir, name, `#!/bin/sh\n${body}\n`);
}

describe('the first-run checklist', () => {
  let emptyBin: string;
  let agentsBin: string;
  let model: ScriptedModelServer;
  let bare: CoreHarness;
  let equipped: CoreHarness;

  beforeAll(async () => {
    emptyBin = await binWithGit('switchyard-first-run-empty-');
    agentsBin = await binWithGit('switchyard-first-run-bin-');
    await script(agentsBin, 'codex', 'echo "codex-cli 9.9.9"');
    await script(agentsBin, 'claude', 'echo "2.1.329 (Claude Code)"');
    model = await startScriptedModelServer({ script: [], models: ['llama3.2:3b'] });
    const nothing = await closedPort();
    bare = await startCore({ env: { HOME: tmpdir(), PATH: emptyBin }, localServers: [{ name: 'Ollama', port: nothing }] });
    equipped = await startCore({
      env: { HOME: tmpdir(), PATH: agentsBin, OPENAI_API_KEY: KEY },
      localServers: [{ name: 'Ollama', port: Number(new URL(model.baseURL).port) }, { name: 'LM Studio', port: nothing }],
    });
  });
  afterAll(async () => {
    await bare?.cleanup();
    await equipped?.cleanup();
    await model?.close();
    await rm(emptyBin, { recursive: true, force: true });
    await rm(agentsBin, { recursive: true, force: true });
  });

  it('without agent CLIs on PATH: every CLI missing with how to install it, no endpoint, git fine', async () => {
    const checks = await bare.client.call('app.firstRunChecks', { force: true });
    expect(checks.git).toMatchObject({ ok: true, problem: null });
    expect(checks.git.version).toMatch(/^\d+\.\d+/);
    expect(checks.clis.map((c) => c.id)).toEqual(['codex', 'claude', 'gemini', 'opencode', 'aider', 'copilot', 'qwen']);
    for (const cli of checks.clis) {
      expect(cli).toMatchObject({ available: false, version: null });
      expect(cli.installHint).toBeTruthy();
      expect(cli.problem).toContain(cli.installHint);
    }
    expect(checks.endpoint).toMatchObject({ openaiKeySet: false, configured: [], ready: false });
    expect(checks.endpoint.local).toEqual([expect.objectContaining({ name: 'Ollama', reachable: false, problem: 'nothing is listening' })]);
  });

  it('with stand-in codex and claude on PATH, a local server and a key: installed with versions, endpoint ready', async () => {
    const checks = await equipped.client.call('app.firstRunChecks', {});
    const byId = Object.fromEntries(checks.clis.map((c) => [c.id, c]));
    expect(byId.codex).toMatchObject({ available: true, version: '9.9.9', path: join(agentsBin, 'codex'), problem: null });
    expect(byId.claude).toMatchObject({ available: true, version: '2.1.329', path: join(agentsBin, 'claude') });
    expect(checks.clis.filter((c) => !c.available).map((c) => c.id)).toEqual(['gemini', 'opencode', 'aider', 'copilot', 'qwen']);
    expect(checks.endpoint.openaiKeySet).toBe(true);
    expect(checks.endpoint.ready).toBe(true);
    expect(checks.endpoint.local).toEqual([
      { name: 'Ollama', baseUrl: model.baseURL, reachable: true, models: ['llama3.2:3b'], problem: null },
      expect.objectContaining({ name: 'LM Studio', reachable: false }),
    ]);
    expect(JSON.stringify(checks)).not.toContain(KEY);
  });

  it('lists saved built-in agent profiles with whether their key is available', async () => {
    const saved = await equipped.client.call('profiles.saveBuiltin', {
      name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', model: 'gpt-5', api: 'auto', approval: 'ask', sandbox: true, network: false, apiKeyEnv: 'OPENAI_API_KEY',
    });
    const checks = await equipped.client.call('app.firstRunChecks', {});
    expect(checks.endpoint.configured).toEqual([{ profileId: saved.id, name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', hasApiKey: true, keyStored: false }]);
  });

  it('says how to get git when it is not on the PATH the core runs it with', async () => {
    const noGit = await mkdtemp(join(tmpdir(), 'switchyard-first-run-nogit-'));
    const h = await startCore({ env: { HOME: tmpdir(), PATH: noGit }, localServers: [] });
    try {
      const checks = await h.client.call('app.firstRunChecks', {});
      expect(checks.git).toMatchObject({ ok: false, version: null });
      expect(checks.git.problem).toMatch(/git.*2\.38/i);
    } finally {
      await h.cleanup();
      await rm(noGit, { recursive: true, force: true });
    }
  });

  it('a CLI installed after the first check shows up on a forced re-check', async () => {
    await script(emptyBin, 'gemini', 'echo "0.61.0"');
    try {
      const cached = await bare.client.call('app.firstRunChecks', {});
      expect(cached.clis.find((c) => c.id === 'gemini')?.available).toBe(false);
      const fresh = await bare.client.call('app.firstRunChecks', { force: true });
      expect(fresh.clis.find((c) => c.id === 'gemini')).toMatchObject({ available: true, version: '0.61.0' });
    } finally {
      await rm(join(emptyBin, 'gemini'), { force: true });
      await bare.client.call('app.firstRunChecks', { force: true });
    }
  });
});
