import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../test/helpers/agent-path';
import { startScriptedModelServer, type ScriptedModelServer } from '../../../test/fixtures/scripted-model-server';
import { detectEndpoint, LOCAL_SERVERS, modelIds, probeEndpoint } from './endpoint-detect';

const portOf = (baseURL: string): number => Number(new URL(baseURL).port);

describe('detecting an OpenAI-compatible endpoint', () => {
  let model: ScriptedModelServer;
  let keyed: ScriptedModelServer;
  let silent: Server;
  let silentSockets: Socket[];
  let silentPort: number;
  let nothing: number;

  beforeAll(async () => {
    model = await startScriptedModelServer({ script: [], models: ['llama3.2:3b', 'qwen2.5-coder:7b'] });
    keyed = await startScriptedModelServer({ script: [], models: ['gpt-x'], requireKey: 'sk-needed' });
    // Accepts connections and never answers.
    silentSockets = [];
    silent = createHttpServer(() => {});
    silent.on('connection', (s) => silentSockets.push(s));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    silentPort = (silent.address() as AddressInfo).port;
    nothing = await closedPort();
  });
  afterAll(async () => {
    await model?.close();
    await keyed?.close();
    for (const s of silentSockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('finds a local server on an injected port and lists its models', async () => {
    const status = await detectEndpoint({ env: {}, localServers: [{ name: 'Ollama', port: portOf(model.baseURL) }] });
    expect(status.local).toEqual([{ name: 'Ollama', baseUrl: model.baseURL, reachable: true, models: ['llama3.2:3b', 'qwen2.5-coder:7b'], problem: null }]);
    expect(status.ready).toBe(true);
    expect(status.openaiKeySet).toBe(false);
    // It asked /v1/models, without any key.
    const probe = model.requests.find((r) => r.path === '/v1/models');
    expect(probe).toMatchObject({ method: 'GET', authorization: undefined });
  });

  it('reports a port with nothing listening as not found, at once rather than after the timeout', async () => {
    const started = Date.now();
    const status = await detectEndpoint({ env: {}, localServers: [{ name: 'LM Studio', port: nothing }], timeoutMs: 20_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(status.local).toEqual([{ name: 'LM Studio', baseUrl: `http://127.0.0.1:${nothing}/v1`, reachable: false, models: [], problem: 'nothing is listening' }]);
    expect(status.ready).toBe(false);
  });

  it('gives up on a server that never answers after the timeout', async () => {
    const started = Date.now();
    const found = await probeEndpoint('vLLM', `http://127.0.0.1:${silentPort}/v1`, 300);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(found).toMatchObject({ reachable: false, problem: 'no answer within 0.3 s' });
  });

  it('probes every server in parallel: one that hangs does not delay the others', async () => {
    const status = await detectEndpoint({
      env: {},
      localServers: [
        { name: 'silent', port: silentPort },
        { name: 'Ollama', port: portOf(model.baseURL) },
        { name: 'closed', port: nothing },
      ],
      timeoutMs: 1_000,
    });
    expect(status.local.map((l) => [l.name, l.reachable])).toEqual([['silent', false], ['Ollama', true], ['closed', false]]);
  });

  it('counts a server that asks for a key as there (its profile needs the key)', async () => {
    const found = await probeEndpoint('Gateway', keyed.baseURL);
    expect(found).toMatchObject({ reachable: true, models: [], problem: 'it asks for an API key' });
  });

  it('tells a server that is not OpenAI-compatible apart', async () => {
    // The scripted server without `models` answers 404 to GET /models.
    const other = await startScriptedModelServer({ script: [] });
    try {
      expect(await probeEndpoint('Other', other.baseURL)).toMatchObject({ reachable: false, problem: 'it answered HTTP 404, not a model list' });
    } finally {
      await other.close();
    }
  });

  it('reports OPENAI_API_KEY as set without ever returning its value', async () => {
    const secret = 'sk-live-must-not-leak-0123456789';
    const status = await detectEndpoint({ env: { OPENAI_API_KEY: secret }, localServers: [{ name: 'closed', port: nothing }] });
    expect(status.openaiKeySet).toBe(true);
    expect(status.ready).toBe(true);
    expect(JSON.stringify(status)).not.toContain(secret);
    expect((await detectEndpoint({ env: { OPENAI_API_KEY: '' }, localServers: [] })).openaiKeySet).toBe(false);
  });

  it('counts a saved profile with a key, and probes a saved loopback endpoint on its own port', async () => {
    const remote = { profileId: 'p1', name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', hasApiKey: true, keyStored: true };
    const local = { profileId: 'p2', name: 'My server', baseUrl: `http://localhost:${portOf(model.baseURL)}/v1/`, hasApiKey: false, keyStored: false };
    const status = await detectEndpoint({ env: {}, configured: [remote, local], localServers: [{ name: 'closed', port: nothing }] });
    expect(status.configured).toEqual([remote, local]);
    expect(status.ready).toBe(true);
    // The remote one is never contacted; the loopback one is probed under its profile's name.
    expect(status.local.map((l) => l.name)).toEqual(['closed', 'My server']);
    expect(status.local[1]).toMatchObject({ reachable: true, models: ['llama3.2:3b', 'qwen2.5-coder:7b'] });
    // A saved profile without a key, pointing elsewhere, is not enough on its own.
    const keyless = { ...remote, hasApiKey: false, keyStored: false };
    expect((await detectEndpoint({ env: {}, configured: [keyless], localServers: [{ name: 'closed', port: nothing }] })).ready).toBe(false);
  });

  it('does not probe a saved loopback endpoint twice when it is one of the usual ports', async () => {
    const port = portOf(model.baseURL);
    const status = await detectEndpoint({
      env: {},
      configured: [{ profileId: 'p', name: 'Mine', baseUrl: `http://localhost:${port}/v1`, hasApiKey: false, keyStored: false }],
      localServers: [{ name: 'Ollama', port }, { name: 'LocalAI', port }],
    });
    expect(status.local.map((l) => l.name)).toEqual(['Ollama']);
  });

  it('knows the usual ports, 8080 once for llama.cpp and LocalAI', () => {
    expect(LOCAL_SERVERS.map((s) => s.port)).toEqual([11434, 1234, 8000, 8080]);
    expect(new Set(LOCAL_SERVERS.map((s) => s.port)).size).toBe(LOCAL_SERVERS.length);
  });

  it('reads model ids out of an OpenAI-style list only', () => {
    expect(modelIds('{"object":"list","data":[{"id":"a"},{"id":3},{"id":"b"}]}')).toEqual(['a', 'b']);
    expect(modelIds('{"models":[{"name":"a"}]}')).toBeNull();
    expect(modelIds('<html>')).toBeNull();
  });
});
