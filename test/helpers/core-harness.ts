// Starts a real core (real SQLite, git, PTYs) in a temp data folder and connects a client to it
// over the in-memory transport, exactly as a window would over a MessagePort.
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src/core/create-core';
import type { Platform } from '../../src/core/platform';
import { createClient, type RpcClient } from '../../src/shared/rpc/client';
import { createMemoryTransportPair } from '../../src/shared/rpc/memory-transport';
import type { Run } from '../../src/shared/contract';

export const FAKE_AGENT = fileURLToPath(new URL('../fixtures/fake-agent.mjs', import.meta.url));

export interface CoreHarness {
  core: Core;
  client: RpcClient;
  dataDir: string;
  /** Connects another client to the same core. */
  connect(): RpcClient;
  /** Disposes the core (runs interrupted, DB closed); keeps the data folder. */
  stop(): Promise<void>;
  /** Stops and deletes the data folder. */
  cleanup(): Promise<void>;
}

export async function startCore(
  opts: { dataDir?: string; env?: NodeJS.ProcessEnv; platform?: Platform; localServers?: CoreOptions['localServers']; storageLimit?: CoreOptions['storageLimit'] } = {},
): Promise<CoreHarness> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'switchyard-data-')));
  const core = await createCore({
    dataDir,
    platform: opts.platform ?? { shell: 'headless' },
    version: '0.0.0-test',
    env: opts.env,
    log: () => {},
    ...(opts.localServers ? { localServers: opts.localServers } : {}),
    ...(opts.storageLimit ? { storageLimit: opts.storageLimit } : {}),
  });
  const connect = () => {
    const [a, b] = createMemoryTransportPair();
    core.attach(a);
    return createClient(b);
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await core.dispose();
  };
  return {
    core,
    client: connect(),
    dataDir,
    connect,
    stop,
    async cleanup() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `threads.get` until every run satisfies `done`, or fails after `timeoutMs`. */
export async function waitForRuns(client: RpcClient, threadId: string, done: (run: Run) => boolean, timeoutMs = 20_000): Promise<Run[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { runs } = await client.call('threads.get', { threadId });
    if (runs.every(done)) return runs;
    if (Date.now() > deadline) throw new Error(`runs not done in time: ${JSON.stringify(runs.map((r) => [r.status, r.failure]))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const isFinished = (run: Run): boolean => run.status === 'exited' || run.status === 'failed' || run.status === 'interrupted';
