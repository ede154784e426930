// Keys saved for the built-in agent: encrypted by the platform's keychain (the desktop app's
// safeStorage; a reversible stand-in here), never in plain text on disk, never returned by a call,
// used to authenticate the agent; refused in headless mode, where keys come from the environment.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedModelServer, type ScriptedModelServer } from './fixtures/scripted-model-server';
import { makeTempRepo } from './helpers/git-fixtures';
import { isFinished, startCore, waitForRuns, type CoreHarness } from './helpers/core-harness';

const KEY = 'sk-live-0123456789abcdef';
/** Stand-in keychain: base64 of the reversed text (the point is that the plain key never reaches disk). */
const keychain = {
  encrypt: (plain: string) => Buffer.from([...plain].reverse().join('')).toString('base64'),
  decrypt: (stored: string) => [...Buffer.from(stored, 'base64').toString()].reverse().join(''),
};

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile() && (await stat(full)).size < 64 * 1024 * 1024) out.push(full);
  }
  return out;
}

describe('built-in agent keys', () => {
  let server: ScriptedModelServer;
  let h: CoreHarness;
  let repo: { path: string; cleanup(): Promise<void> };

  beforeAll(async () => {
    server = await startScriptedModelServer({ script: [{ kind: 'reply', text: 'authenticated fine' }], requireKey: KEY });
    h = await startCore({ platform: { shell: 'desktop', secrets: keychain }, env: { ...process.env, UNSET_KEY_VAR: undefined } });
    repo = await makeTempRepo({ files: { 'README.md': '# keys\n' } });
  });
  afterAll(async () => {
    await h.cleanup();
    await server.close();
    await repo.cleanup();
  });

  it('stores the key encrypted, uses it, and never shows or writes it in plain text', async () => {
    const profile = await h.client.call('profiles.saveBuiltin', {
      name: 'Keyed', baseUrl: server.baseURL, model: 'm', api: 'chat', approval: 'auto', sandbox: false, network: false,
      apiKeyEnv: 'UNSET_KEY_VAR', apiKey: KEY,
    });
    expect(profile.builtin).toMatchObject({ hasApiKey: true, keyStored: true });
    expect(JSON.stringify(await h.client.call('profiles.list', {}))).not.toContain(KEY);
    const repoRow = await h.client.call('repos.open', { path: repo.path });
    const created = await h.client.call('threads.create', { repoId: repoRow.id, prompt: 'hi', baseBranch: 'main', agents: [{ profileId: profile.id, count: 1 }] });
    const [run] = await waitForRuns(h.client, created.thread.id, isFinished, 20_000);
    expect(run).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${KEY}`);
    await h.stop();
    for (const file of await filesUnder(h.dataDir)) {
      expect((await readFile(file)).includes(KEY), file).toBe(false);
    }
  });

  it('refuses to store a key where there is no keychain (headless), pointing to the environment', async () => {
    const headless = await startCore();
    try {
      await expect(
        headless.client.call('profiles.saveBuiltin', {
          name: 'x', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', api: 'auto', approval: 'auto', sandbox: true, network: false, apiKeyEnv: 'OPENAI_API_KEY', apiKey: KEY,
        }),
      ).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('OPENAI_API_KEY') });
    } finally {
      await headless.cleanup();
    }
  });
});
