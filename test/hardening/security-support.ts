// Shared by the security suites: a real core served by the real headless server (HTTP + WebSocket,
// token and origin checks) on a temp data folder, a raw WebSocket peer that sends exactly the text it
// is given, and a snapshot of everything a call could change (database rows, the repository's refs
// and worktrees, the data folder's worktrees) to prove a refused call changed nothing.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
import { createCore, type Core } from '../../src/core/create-core';
import { startHeadlessServer, type HeadlessServer } from '../../src/server/headless-server';
import type { WireError } from '../../src/shared/errors';
import { createClient, type RpcClient } from '../../src/shared/rpc/client';
import { createMemoryTransportPair } from '../../src/shared/rpc/memory-transport';

const execFileAsync = promisify(execFile);

export interface ServedCore {
  core: Core;
  server: HeadlessServer;
  dataDir: string;
  /** Everything the core logged: a handler that failed with a non-typed error shows up here. */
  logs: string[];
  /** An in-process client for setting the scene (not the path under test). */
  client: RpcClient;
  cleanup(): Promise<void>;
}

export async function startServedCore(opts: { env?: NodeJS.ProcessEnv } = {}): Promise<ServedCore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-sec-'));
  const staticDir = await mkdtemp(join(tmpdir(), 'switchyard-sec-static-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>board</title>');
  const logs: string[] = [];
  const core = await createCore({
    dataDir,
    platform: { shell: 'headless' },
    version: '0.0.0-security',
    ...(opts.env ? { env: opts.env } : {}),
    log: (message, err) => logs.push(`${message}${err ? `: ${String(err)}` : ''}`),
  });
  const server = await startHeadlessServer({ core, staticDir, port: 0 });
  const [a, b] = createMemoryTransportPair();
  core.attach(a);
  return {
    core,
    server,
    dataDir,
    logs,
    client: createClient(b),
    async cleanup() {
      await server.close();
      await core.dispose();
      await rm(dataDir, { recursive: true, force: true });
      await rm(staticDir, { recursive: true, force: true });
    },
  };
}

export type Response = { t: 'res'; id: number; ok: true; output: unknown } | { t: 'res'; id: number; ok: false; error: WireError };

/** A WebSocket peer that sends raw text and matches responses to request ids. */
export interface RawPeer {
  ws: WebSocket;
  /** Every frame received, parsed, in order. */
  frames: Array<{ t: string; id?: number }>;
  /** Sends `{"t":"req","id":…,"name":…,"input":<inputJson>}` built as text (inputJson undefined: no input key). */
  request(name: string, inputJson: string | undefined, timeoutMs?: number): Promise<Response & { bytes: number }>;
  /** Resolves when the socket has closed, with its close code. */
  closed: Promise<number>;
  close(): void;
}

export async function connectRaw(server: HeadlessServer, headers: Record<string, string> = {}): Promise<RawPeer> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc?token=${encodeURIComponent(server.token)}`, {
    headers: { Origin: `http://127.0.0.1:${server.port}`, ...headers },
    maxPayload: 64 * 1024 * 1024,
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
  });
  const waiting = new Map<number, (r: Response & { bytes: number }) => void>();
  const frames: RawPeer['frames'] = [];
  ws.on('message', (raw: Buffer) => {
    const frame = JSON.parse(raw.toString('utf8')) as { t: string; id?: number };
    frames.push(frame);
    if (frame.t === 'res' && typeof frame.id === 'number') waiting.get(frame.id)?.({ ...(frame as Response), bytes: raw.length });
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  let nextId = 1;
  return {
    ws,
    frames,
    closed,
    request(name, inputJson, timeoutMs = 30_000) {
      const id = nextId++;
      const text = `{"t":"req","id":${id},"name":${JSON.stringify(name)}${inputJson === undefined ? '' : `,"input":${inputJson}`}}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`no answer to ${name} #${id} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, (r) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(r);
        });
        ws.send(text);
      });
    },
    close: () => ws.close(),
  };
}

/** Row counts of every table, the repository's refs and worktrees, and the data folder's worktree folders. */
export interface WorldSnapshot {
  rows: Record<string, number>;
  refs: string;
  worktrees: string;
  worktreeFolders: string[];
}

export async function openReadOnlyDb(dataDir: string): Promise<Database.Database> {
  return new Database(join(dataDir, 'switchyard.db'), { readonly: true, fileMustExist: true });
}

export async function snapshotWorld(db: Database.Database, repoPath: string, dataDir: string): Promise<WorldSnapshot> {
  const rows: Record<string, number> = {};
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
  for (const { name } of tables) rows[name] = (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
  const git = async (...args: string[]) => (await execFileAsync('git', args, { cwd: repoPath })).stdout;
  const [refs, worktrees] = await Promise.all([git('for-each-ref', '--format=%(refname) %(objectname)'), git('worktree', 'list', '--porcelain')]);
  const root = join(dataDir, 'worktrees');
  const worktreeFolders: string[] = [];
  for (const repoDir of await readdir(root).catch(() => [] as string[])) {
    for (const run of await readdir(join(root, repoDir)).catch(() => [] as string[])) worktreeFolders.push(`${repoDir}/${run}`);
  }
  return { rows, refs, worktrees, worktreeFolders: worktreeFolders.sort() };
}

/** Waits until two snapshots a little apart agree (runs' last writes have landed), and returns it. */
export async function settledSnapshot(db: Database.Database, repoPath: string, dataDir: string, timeoutMs = 20_000): Promise<WorldSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let last = await snapshotWorld(db, repoPath, dataDir);
  for (;;) {
    await new Promise((r) => setTimeout(r, 400));
    const next = await snapshotWorld(db, repoPath, dataDir);
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    if (Date.now() > deadline) throw new Error('the core kept changing things on its own');
    last = next;
  }
}
