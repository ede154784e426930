// How a CLI command reaches the core: through the Switchyard process that owns the data folder (the
// desktop app, `npm run web`, `switchyard serve`, another command) over its control socket, or, when
// none does, by starting a core in this process over the in-memory transport. Either way the command
// holds a contract client and nothing else, so it behaves the same in both cases.
import { createCore } from '../core/create-core';
import { connectToInstance } from '../core/instance/connect';
import { AppError } from '../shared/errors';
import { createClient, type RpcClient } from '../shared/rpc/client';
import { createMemoryTransportPair } from '../shared/rpc/memory-transport';

export interface Session {
  readonly client: RpcClient;
  /** 'remote': another process owns the folder and serves this one; 'local': this process hosts the core. */
  readonly mode: 'local' | 'remote';
  /** Disconnects; a local core is disposed (runs still going are marked interrupted, worktrees kept). */
  close(): Promise<void>;
}

export interface SessionOptions {
  dataDir: string;
  version: string;
  /** The core's log, for a local core (silent unless SWITCHYARD_DEBUG is set). */
  log?: (message: string, err?: unknown) => void;
}

export async function openSession(opts: SessionOptions): Promise<Session> {
  const remote = await remoteSession(opts.dataDir);
  if (remote) return remote;
  try {
    const core = await createCore({ dataDir: opts.dataDir, platform: { shell: 'headless' }, version: opts.version, log: opts.log ?? debugLog });
    const [coreEnd, clientEnd] = createMemoryTransportPair();
    core.attach(coreEnd);
    const client = createClient(clientEnd);
    let closed = false;
    return {
      client,
      mode: 'local',
      async close() {
        if (closed) return;
        closed = true;
        client.close();
        await core.dispose();
      },
    };
  } catch (err) {
    // Another process started between the first look and ours: go through it after all.
    if (err instanceof AppError && err.code === 'DATA_DIR_IN_USE') {
      const late = await remoteSession(opts.dataDir);
      if (late) return late;
    }
    throw err;
  }
}

async function remoteSession(dataDir: string): Promise<Session | null> {
  const transport = await connectToInstance(dataDir);
  if (!transport) return null;
  const client = createClient(transport);
  return {
    client,
    mode: 'remote',
    close: async () => client.close(),
  };
}

function debugLog(message: string, err?: unknown): void {
  if (!process.env.SWITCHYARD_DEBUG) return;
  console.error(`[switchyard] ${message}`, err ?? '');
}
