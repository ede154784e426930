// The headless server admits only WebSockets with this launch's token from its own origin, serves
// only files inside the renderer folder, and speaks the same contract as every other transport.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startCore, type CoreHarness } from '../../test/helpers/core-harness';
import { startHeadlessServer, type HeadlessServer } from './headless-server';

function connect(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; status: 'open' | number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ ws, status: 'open' }));
    ws.once('unexpected-response', (_req, res) => resolve({ ws, status: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ ws, status: -1 }));
  });
}

function rawGet(port: number, path: string): Promise<{ status: number; body: string; csp: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, csp: res.headers['content-security-policy'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('headless server', () => {
  let h: CoreHarness;
  let server: HeadlessServer;
  let root: string;

  beforeAll(async () => {
    h = await startCore();
    root = await mkdtemp(join(tmpdir(), 'switchyard-static-'));
    await mkdir(join(root, 'site', 'assets'), { recursive: true });
    await writeFile(join(root, 'site', 'index.html'), '<!doctype html><title>board</title>');
    await writeFile(join(root, 'site', 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(root, 'secret.txt'), 'do not serve');
    server = await startHeadlessServer({ core: h.core, staticDir: join(root, 'site'), port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await h.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  const wsUrl = (token: string | null) => `ws://127.0.0.1:${server.port}/rpc${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;

  it('binds loopback and prints a URL carrying a random token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('refuses a WebSocket without the token, with a wrong one, or from a foreign origin', async () => {
    for (const [url, headers] of [
      [wsUrl(null), {}],
      [wsUrl('wrong'), {}],
      [wsUrl(`${server.token}x`), {}],
      [wsUrl(server.token), { Origin: 'http://evil.example' }],
      [wsUrl(server.token).replace('/rpc', '/other'), {}],
    ] as const) {
      const { ws, status } = await connect(url, headers);
      expect(status, url).toBe(403);
      ws.terminate();
    }
  });

  it('serves the contract to a connection with the token and its own origin', async () => {
    const { ws, status } = await connect(wsUrl(server.token), { Origin: `http://127.0.0.1:${server.port}` });
    expect(status).toBe('open');
    const reply = new Promise<unknown>((resolve) => ws.once('message', (m: Buffer) => resolve(JSON.parse(m.toString()))));
    ws.send(JSON.stringify({ t: 'req', id: 7, name: 'app.info', input: {} }));
    expect(await reply).toMatchObject({ t: 'res', id: 7, ok: true, output: { shell: 'headless', canPickFolder: false } });
    const bad = new Promise<unknown>((resolve) => ws.once('message', (m: Buffer) => resolve(JSON.parse(m.toString()))));
    ws.send('not json');
    ws.send(JSON.stringify({ t: 'req', id: 8, name: 'repos.open', input: { path: 'x'.repeat(10 * 1024 * 1024) } }));
    expect(await bad).toMatchObject({ t: 'res', id: 8, ok: false, error: { code: 'INVALID_INPUT' } });
    ws.close();
  });

  it('serves the renderer with a CSP and never a file outside its folder', async () => {
    const index = await rawGet(server.port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>board</title>');
    expect(index.csp).toContain("script-src 'self'");
    expect((await rawGet(server.port, '/assets/app.js')).status).toBe(200);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%00', '/%E0%A4%A']) {
      const res = await rawGet(server.port, path);
      expect(res.body, path).not.toContain('do not serve');
      expect([400, 403, 404], path).toContain(res.status);
    }
  });
});
