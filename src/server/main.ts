// Entry of `npm run web`: starts the core and the headless server, prints the URL with its token,
// and shuts down cleanly (runs marked interrupted, transcripts flushed) on Ctrl-C.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore } from '../core/create-core';
import { defaultDataDir } from '../core/data-dir';
import { isLoopback, startHeadlessServer } from './headless-server';
import pkg from '../../package.json';

/** Port used when none is given: fixed, so an SSH forward to a remote dev box stays valid. */
const DEFAULT_PORT = 4870;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log('Usage: npm run web -- [--port N] [--host 127.0.0.1] [--data-dir DIR]');
    return;
  }
  const host = values.host ?? process.env.SWITCHYARD_HOST ?? '127.0.0.1';
  const port = Number(values.port ?? process.env.SWITCHYARD_PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got ${values.port}`);
  if (!isLoopback(host)) {
    console.warn(`WARNING: listening on ${host}, not loopback. Anyone who can reach it and has the token can run commands on this machine.`);
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const core = await createCore({ dataDir, platform: { shell: 'headless' }, version: pkg.version });
  if (core.interruptedAtStart > 0) console.log(`${core.interruptedAtStart} run(s) from the last session were marked interrupted; their worktrees are untouched.`);
  const staticDir = fileURLToPath(new URL('../renderer', import.meta.url));
  const server = await startHeadlessServer({ core, staticDir, host, port }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE') throw new Error(`Port ${port} is in use. Pick another with --port N (0 picks a free one).`);
    throw err;
  });
  console.log(`Switchyard (headless) is serving the board at:\n\n  ${server.url}\n\nData: ${dataDir}\nPress Ctrl-C to stop.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping: runs still going are marked interrupted; worktrees are kept.');
    await server.close();
    await core.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(`Switchyard could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
