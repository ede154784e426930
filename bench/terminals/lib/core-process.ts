// Parent side of core-host.ts: starts the real core and headless server in a child process, connects
// an RpcClient to it over a real loopback WebSocket, and reads the child's probes (event-loop delay,
// CPU, ack counts, memory). Everything is registered for cleanup: the child, its data folder.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { webSocketTransport } from '../../../src/server/ws-transport';
import { createClient, type RpcClient } from '../../../src/shared/rpc/client';
import { onCleanup, tempDir } from './cleanup';
import type { HostReply, HostRequest, MemoryReading, ProbeReading } from './host-protocol';
import { CORE_HOST, REPO_ROOT } from './paths';

/** Longest a single host request may take (start includes SQLite migrations; stop waits for PTY groups). */
const HOST_REQUEST_TIMEOUT_MS = 60_000;

type Op = HostRequest['op'];
type Args<O extends Op> = Omit<Extract<HostRequest, { op: O }>, 'id' | 'op'>;

export interface CoreProcess {
  readonly url: string;
  readonly dataDir: string;
  readonly pid: number;
  /** A client of the core over its own WebSocket (setup calls, events; attach only when a bench wants to). */
  readonly client: RpcClient;
  /** Another WebSocket client of the same core. */
  connect(): Promise<RpcClient>;
  probeStart(): Promise<void>;
  probeRead(): Promise<ProbeReading>;
  memory(): Promise<MemoryReading>;
  /** CPU profile of the core's main thread between these two calls, written to `file`. */
  profileStart(): Promise<void>;
  profileStop(file: string): Promise<void>;
  /** Disposes the core (runs stopped, transcripts flushed, DB closed) and the server; keeps the data folder. */
  stopCore(): Promise<void>;
  /** Stops server and core, ends the child and deletes the data folder. */
  dispose(): Promise<void>;
}

export interface CoreProcessOptions {
  /** Folder the headless server serves (a page for Chromium); an empty one if absent. */
  staticDir?: string;
  /** Extra createCore options (e.g. a persistence switch), passed through as given. */
  coreOptions?: Record<string, unknown>;
}

function request(child: ChildProcess, pending: Map<number, (r: HostReply) => void>, req: HostRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(req.id);
      reject(new Error(`core-host: ${req.op} timed out`));
    }, HOST_REQUEST_TIMEOUT_MS);
    pending.set(req.id, (reply) => {
      clearTimeout(timer);
      if (reply.ok) resolve(reply.value);
      else reject(new Error(`core-host ${req.op}: ${reply.error}`));
    });
    child.send(req);
  });
}

export async function connectClient(port: number, token: string): Promise<RpcClient> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/rpc?token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return createClient(webSocketTransport(socket as never));
}

export async function startCoreProcess(opts: CoreProcessOptions = {}): Promise<CoreProcess> {
  const data = await tempDir('core');
  let staticDir = opts.staticDir;
  if (!staticDir) {
    staticDir = join(data.path, 'static');
    await mkdir(staticDir);
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>bench</title>');
  }
  const child = fork(CORE_HOST, [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const killChild = onCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.disconnect?.();
    // core-host disposes the core on disconnect; SIGKILL only if that hangs.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  });
  const pending = new Map<number, (r: HostReply) => void>();
  let nextId = 1;
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`core-host exited early (${code})`)));
    child.on('message', (raw) => {
      const reply = raw as HostReply;
      if (reply.id === 0) return resolve();
      const done = pending.get(reply.id);
      pending.delete(reply.id);
      done?.(reply);
    });
  });
  await ready;
  const call = <O extends Op>(op: O, args?: Args<O>): Promise<unknown> =>
    request(child, pending, { id: nextId++, op, ...(args ?? {}) } as HostRequest);

  const started = (await call('start', { dataDir: join(data.path, 'data'), staticDir, coreOptions: opts.coreOptions })) as {
    url: string;
    token: string;
    port: number;
  };
  const clients: RpcClient[] = [];
  const connect = async () => {
    const c = await connectClient(started.port, started.token);
    clients.push(c);
    return c;
  };
  const client = await connect();
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    for (const c of clients) c.close();
    await call('stop').catch(() => undefined);
    await killChild();
    await data.dispose();
  };
  onCleanup(dispose);
  return {
    url: started.url,
    dataDir: join(data.path, 'data'),
    pid: child.pid as number,
    client,
    connect,
    probeStart: async () => void (await call('probeStart')),
    probeRead: async () => (await call('probeRead')) as ProbeReading,
    memory: async () => (await call('memory')) as MemoryReading,
    profileStart: async () => void (await call('profileStart')),
    profileStop: async (file) => void (await call('profileStop', { file })),
    stopCore: async () => {
      for (const c of clients) c.close();
      await call('stop');
    },
    dispose,
  };
}

/** Waits until the core's main thread has been nearly idle (utilization < `maxElu`) for one `stepMs` window. */
export async function waitQuiet(core: CoreProcess, opts: { maxElu?: number; stepMs?: number; timeoutMs?: number } = {}): Promise<void> {
  const { maxElu = 0.05, stepMs = 400, timeoutMs = 30_000 } = opts;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await core.probeStart();
    await new Promise((r) => setTimeout(r, stepMs));
    if ((await core.probeRead()).elu < maxElu) return;
    if (Date.now() > deadline) throw new Error('the core did not go quiet');
  }
}
