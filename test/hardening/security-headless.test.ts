// The headless server as an attacker on this machine or a web page sees it: WebSockets without the
// token, with a wrong one, from a foreign Origin or through DNS rebinding are refused; malformed frames
// (not JSON, not frames, binary, deeply nested, oversized) are ignored or answered with a typed error
// and never crash the core; it binds loopback unless told otherwise and `npm run web` warns when told.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { isLoopback } from '../../src/server/headless-server';
import { makeTempRepo, type TempDir } from '../helpers/git-fixtures';
import { connectRaw, openReadOnlyDb, settledSnapshot, snapshotWorld, startServedCore, type RawPeer, type ServedCore, type WorldSnapshot } from './security-support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Tries a WebSocket upgrade and reports 'open' or the HTTP status it was refused with. */
function tryUpgrade(url: string, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', () => resolve(-1));
  });
}

/** This machine's first non-loopback IPv4 address, or null when it has none. */
function externalAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

describe('headless server: who may connect', () => {
  let served: ServedCore;
  const url = (token: string | null, path = '/rpc') => `ws://127.0.0.1:${served.server.port}${path}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
  const own = () => ({ Origin: `http://127.0.0.1:${served.server.port}` });

  beforeAll(async () => {
    served = await startServedCore();
  });
  afterAll(async () => {
    await served?.cleanup();
  });

  it('admits the launch token from its own origin (and a non-browser client, which sends no Origin)', async () => {
    expect(await tryUpgrade(url(served.server.token), own())).toBe('open');
    expect(await tryUpgrade(url(served.server.token), {})).toBe('open');
  });

  it('refuses a missing, wrong, truncated, extended or differently cased token', async () => {
    const t = served.server.token;
    const attempts: Array<[string, string]> = [
      ['no token', url(null)],
      ['empty token', url('')],
      ['wrong token', url('wrong')],
      ['token plus a character', url(`${t}x`)],
      ['token minus a character', url(t.slice(0, -1))],
      ['token upper-cased', url(t.toUpperCase() === t ? t.toLowerCase() : t.toUpperCase())],
      ['token under another name', url(null).replace('/rpc', `/rpc?tok=${t}`)],
      ['token on another path', url(t, '/other')],
      ['token on the page path', url(t, '/')],
    ];
    for (const [what, u] of attempts) expect(await tryUpgrade(u, own()), what).toBe(403);
  });

  it('refuses a foreign Origin, even with the right token', async () => {
    const port = served.server.port;
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, 'null', `https://127.0.0.1:${port}`, `http://localhost:${port}`, `http://127.0.0.1:${port + 1}`, 'file://']) {
      expect(await tryUpgrade(url(served.server.token), { Origin: origin }), origin).toBe(403);
    }
  });

  it('refuses a DNS-rebinding page: a foreign name as both Host and Origin, with the right token', async () => {
    const port = served.server.port;
    const host = `rebind.example:${port}`;
    expect(await tryUpgrade(url(served.server.token), { Host: host, Origin: `http://${host}` })).toBe(403);
    expect(await tryUpgrade(url(served.server.token), { Host: `127.0.0.1.rebind.example:${port}`, Origin: `http://127.0.0.1.rebind.example:${port}` })).toBe(403);
    // Reached as loopback under another loopback name, with its own matching origin: allowed.
    expect(await tryUpgrade(url(served.server.token), { Host: `localhost:${port}`, Origin: `http://localhost:${port}` })).toBe('open');
  });

  it('binds loopback: the port is closed on the machine\'s other addresses', async (ctx) => {
    const external = externalAddress();
    if (!external) {
      console.log('skipped: this machine has no non-loopback IPv4 address to try');
      ctx.skip();
    }
    const result = await new Promise<string>((resolve) => {
      const socket = netConnect({ host: external!, port: served.server.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      // A host firewall may drop instead of refuse: no answer in 5 s is not reachable either.
      socket.setTimeout(5_000, () => {
        socket.destroy();
        resolve('timeout');
      });
    });
    expect(['ECONNREFUSED', 'timeout', 'EHOSTUNREACH', 'ENETUNREACH']).toContain(result);
    expect(served.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  });

  it('counts only real loopback addresses as loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '127.0.0.1.evil.example', '127.example', 'localhost.evil.example', '']) expect(isLoopback(host), host).toBe(false);
  });
});

describe('headless server: malformed frames', () => {
  let served: ServedCore;
  let repo: TempDir;
  let db: Database.Database;
  let baseline: WorldSnapshot;

  beforeAll(async () => {
    served = await startServedCore();
    repo = await makeTempRepo();
    await served.client.call('repos.open', { path: repo.path });
    db = await openReadOnlyDb(served.dataDir);
    baseline = await settledSnapshot(db, repo.path, served.dataDir);
  });
  afterAll(async () => {
    db?.close();
    await served?.cleanup();
    await repo?.cleanup();
  });

  /** Sends `raw` and then a good call; returns every frame that arrived up to the good call's answer. */
  async function sendThenProbe(peer: RawPeer, raw: string | Buffer, binary = false): Promise<Array<{ t: string; id?: number }>> {
    const before = peer.frames.length;
    peer.ws.send(raw, { binary });
    const good = await peer.request('app.info', '{}');
    expect(good.ok).toBe(true);
    return peer.frames.slice(before, -1);
  }

  it('ignores what is not a request frame, and answers nothing for it', async () => {
    const peer = await connectRaw(served.server);
    const ignored: Array<[string, string | Buffer, boolean?]> = [
      ['not JSON', 'not json at all {'],
      ['empty text', ''],
      ['JSON null', 'null'],
      ['JSON number', '42'],
      ['JSON string', '"req"'],
      ['JSON array', '[{"t":"req","id":1,"name":"app.info","input":{}}]'],
      ['object without t', '{"id":1,"name":"app.info","input":{}}'],
      ['unknown frame type', '{"t":"hack","id":1}'],
      ['a response from the client', '{"t":"res","id":1,"ok":true,"output":{}}'],
      ['an event from the client', '{"t":"evt","name":"runs.changed","payload":{}}'],
      ['terminal output from the client', '{"t":"pty","runId":"aaaaaaaaaaaa","data":"\\u001b]52;c;cHduZWQ=\\u0007"}'],
      // Every malformed ack is fuzzed in security-ack-frames.test.ts; a few here, with the rest of the noise.
      ['ack with an object run id', '{"t":"ack","credits":[[{"x":1},5]]}'],
      ['ack with text chars', '{"t":"ack","credits":[["aaaaaaaaaaaa","5"]]}'],
      ['ack with Infinity chars', '{"t":"ack","credits":[["aaaaaaaaaaaa",1e400]]}'],
      ['ack with negative chars', '{"t":"ack","credits":[["aaaaaaaaaaaa",-5000]]}'],
      ['ack in the one-run shape of old', '{"t":"ack","runId":"aaaaaaaaaaaa","chars":5000}'],
      ['ack for no run', '{"t":"ack","credits":[["zzzzzzzzzzzz",5000]]}'],
      ['a binary frame holding a valid request', Buffer.from('{"t":"req","id":99,"name":"app.info","input":{}}'), true],
      ['a binary frame of noise', Buffer.from([0, 255, 1, 254, 0x1b, 0x5d]), true],
      ['100,000 nested arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
      ['100,000 nested objects', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ];
    for (const [what, raw, binary] of ignored) expect(await sendThenProbe(peer, raw, binary), what).toEqual([]);
    peer.close();
  });

  it('answers broken requests with INVALID_INPUT, names included that look like Object internals', async () => {
    const peer = await connectRaw(served.server);
    for (const name of ['nope.nothing', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '']) {
      const res = await peer.request(name, '{}');
      expect(res, name).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    const malformed: Array<[string, string]> = [
      ['a name that is an object', '{"t":"req","id":501,"name":{"toString":1},"input":{}}'],
      ['a name that is an array', '{"t":"req","id":502,"name":["app.info"],"input":{}}'],
      ['no name', '{"t":"req","id":503,"input":{}}'],
      ['input nested 100,000 deep', `{"t":"req","id":504,"name":"repos.open","input":${'{"path":'.repeat(100_000)}"x"${'}'.repeat(100_000)}}`],
      ['a 15 MB prompt', `{"t":"req","id":505,"name":"threads.create","input":{"repoId":"aaaaaaaaaaaa","prompt":"${'p'.repeat(15 * 1024 * 1024)}","baseBranch":"main","agents":[]}}`],
    ];
    for (const [what, text] of malformed) {
      const id = Number(/"id":(\d+)/.exec(text)![1]);
      const before = peer.frames.length;
      peer.ws.send(text);
      await peer.request('app.info', '{}');
      const answer = peer.frames.slice(before).find((f) => f.id === id) as { ok?: boolean; error?: { code: string } } | undefined;
      expect(answer, what).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    // A request whose id is not a number is still answered (as id -1), never dropped into a crash.
    const before = peer.frames.length;
    peer.ws.send('{"t":"req","id":"seven","name":"app.info","input":{}}');
    await peer.request('app.info', '{}');
    expect(peer.frames.slice(before)).toContainEqual(expect.objectContaining({ t: 'res', id: -1, ok: true }));
    peer.close();
  });

  it('closes a connection that sends a frame over the 16 MB cap or text that is not UTF-8; the server and other connections carry on', async () => {
    const bystander = await connectRaw(served.server);
    const peer = await connectRaw(served.server);
    peer.ws.send(`{"t":"req","id":1,"name":"repos.open","input":{"path":"${'x'.repeat(17 * 1024 * 1024)}"}}`);
    expect(await peer.closed).toBe(1009); // "message too big"
    expect((await bystander.request('app.info', '{}')).ok).toBe(true);
    // A text frame that is not UTF-8 is a protocol error: that connection is closed (1007), nothing else.
    const garbler = await connectRaw(served.server);
    garbler.ws.send(Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await garbler.closed).toBe(1007);
    expect((await bystander.request('app.info', '{}')).ok).toBe(true);
    const fresh = await connectRaw(served.server);
    expect((await fresh.request('repos.listRecent', '{}')).ok).toBe(true);
    bystander.close();
    fresh.close();
  });

  it('changed nothing and logged no crash', async () => {
    expect(await snapshotWorld(db, repo.path, served.dataDir)).toEqual(baseline);
    expect(served.logs).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('`npm run web` (src/server/main.ts): where it listens and what it says', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchyard-web-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Starts main.ts (through tsx), waits for its URL, stops it with SIGTERM; returns what it printed. */
  async function launch(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server/main.ts'), '--port', '0', '--data-dir', dataDir, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    while (!/\?token=/.test(stdout) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    if (!/\?token=/.test(stdout)) throw new Error(`main.ts printed no URL:\n${stdout}\n${stderr}`);
    return { stdout, stderr };
  }

  it('listens on 127.0.0.1 by default, without a warning', async () => {
    const { stdout, stderr } = await launch([]);
    expect(stdout).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}/);
    expect(stderr).not.toMatch(/WARNING/);
  });

  it('stays quiet for another loopback address', async () => {
    const { stdout, stderr } = await launch(['--host', 'localhost']);
    expect(stdout).toMatch(/http:\/\/localhost:\d+\/\?token=/);
    expect(stderr).not.toMatch(/WARNING/);
  });

  it('warns when told to listen beyond loopback (--host or SWITCHYARD_HOST)', async () => {
    const host = externalAddress() ?? '0.0.0.0';
    const flagged = await launch(['--host', host]);
    expect(flagged.stderr).toContain(`WARNING: listening on ${host}, not loopback`);
    expect(flagged.stdout).toContain(`http://${host}:`);
    const fromEnv = await launch([], { SWITCHYARD_HOST: host });
    expect(fromEnv.stderr).toContain(`WARNING: listening on ${host}, not loopback`);
  });
});
