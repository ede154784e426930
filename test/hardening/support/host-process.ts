// Test side of core-host.ts: starts the host as a real child process, reads its JSON-line events,
// and SIGKILLs it. Also small helpers the fault tests share: a core on a data folder with extra
// options, process liveness by /proc, and reading transcripts straight from the database.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core, type CoreOptions } from '../../../src/core/create-core';
import { createClient, type RpcClient } from '../../../src/shared/rpc/client';
import { createMemoryTransportPair } from '../../../src/shared/rpc/memory-transport';
import type { HostArgs, HostEvent } from './core-host';

const HOST = fileURLToPath(new URL('./core-host.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface HostProcess {
  pid: number;
  events: HostEvent[];
  /** Resolves with the first event (seen or future) that matches; rejects if the host exits first or time runs out. */
  waitFor<E extends HostEvent['event']>(event: E, match?: (e: Extract<HostEvent, { event: E }>) => boolean, timeoutMs?: number): Promise<Extract<HostEvent, { event: E }>>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
  /** Resolves with the exit signal (or code) once the host has exited. */
  exited: Promise<NodeJS.Signals | number | null>;
  stderr(): string;
}

export function startHost(args: HostArgs): HostProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', HOST, JSON.stringify(args)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (child.pid === undefined) throw new Error('could not start the core host');
  const events: HostEvent[] = [];
  const listeners = new Set<() => void>();
  let err = '';
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.trim()) events.push(JSON.parse(line) as HostEvent);
    }
    for (const l of listeners) l();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  let done = false;
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      done = true;
      for (const l of listeners) l();
      resolve(signal ?? code);
    }),
  );
  return {
    pid: child.pid,
    events,
    stderr: () => err,
    exited,
    waitFor(event, match, timeoutMs = 60_000) {
      type E = Extract<HostEvent, { event: typeof event }>;
      return new Promise<E>((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no "${event}" event from the host in ${timeoutMs} ms; stderr:\n${err}`)), timeoutMs);
        const check = () => {
          const found = events.find((e): e is E => e.event === event && (!match || match(e as E)));
          if (found) finish(null, found);
          else if (done) finish(new Error(`the host exited before "${event}"; stderr:\n${err}`));
        };
        const finish = (error: Error | null, value?: E) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve(value as E);
        };
        listeners.add(check);
        check();
      });
    },
    async kill() {
      if (!done) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface InProcessCore {
  core: Core;
  client: RpcClient;
  stop(): Promise<void>;
}

/** A core in this process on `dataDir` (what "the next start" is), with a client attached. */
export async function startCoreOn(dataDir: string, extra: Partial<CoreOptions> = {}): Promise<InProcessCore> {
  const core = await createCore({ dataDir, platform: { shell: 'headless' }, version: '0.0.0-hardening', log: () => {}, ...extra });
  const [a, b] = createMemoryTransportPair();
  core.attach(a);
  let stopped = false;
  return {
    core,
    client: createClient(b),
    async stop() {
      if (stopped) return;
      stopped = true;
      await core.dispose();
    },
  };
}

/** Live = exists and is not a zombie (Linux /proc; elsewhere kill(pid, 0)). */
export async function isAlive(pid: number): Promise<boolean> {
  if (process.platform !== 'linux') {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Polls until `cond` holds, or fails naming `what`. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Opens the data folder's database read-only for the duration of fn. */
export function withDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'switchyard.db'), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** A run's committed transcript, as stored. */
export function storedTranscript(db: Database.Database, runId: string): string {
  return db.prepare<[string], { data: string }>('SELECT data FROM transcript_chunks WHERE run_id = ? ORDER BY seq').all(runId).map((r) => r.data).join('');
}

/** SIGKILL to a pid this test started (directly or through the host); a gone process is fine. */
export function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
