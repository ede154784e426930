// The headless board as a function, shared by `npm run web` (src/server/main.ts) and `switchyard serve`
// (src/cli): reads the settings, starts the core and the headless server, prints the URL with its
// token, and shuts down cleanly (runs marked interrupted, transcripts flushed) on Ctrl-C or SIGTERM.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../core/create-core';
import { defaultDataDir } from '../core/data-dir';
import { isLoopback, startHeadlessServer } from './headless-server';

/** Port used when none is given: fixed, so an SSH forward to a remote dev box stays valid. */
export const DEFAULT_PORT = 4870;

/** The options both entries accept, for node:util parseArgs. */
export const BOARD_ARG_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean' },
} as const;

export interface BoardSettings {
  host: string;
  port: number;
  dataDir: string;
}

/** Settings from parsed flags, then the environment, then the defaults. Throws on a bad port. */
export function boardSettings(values: { port?: string; host?: string; 'data-dir'?: string }, env: NodeJS.ProcessEnv = process.env): BoardSettings {
  const host = values.host ?? env.SWITCHYARD_HOST ?? '127.0.0.1';
  const portText = values.port ?? env.SWITCHYARD_PORT;
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got ${portText}`);
  return { host, port, dataDir: values['data-dir'] ?? defaultDataDir(env) };
}

export interface ServeBoardOptions {
  /** Folder of the built renderer (out/renderer). */
  staticDir: string;
  version: string;
  /** Where the banner goes; console.log by default. */
  print?: (text: string) => void;
}

/**
 * Serves the board until SIGINT or SIGTERM, then exits the process with 0. Rejects when it cannot
 * start: AppError DATA_DIR_IN_USE when another Switchyard process owns the data folder.
 */
export async function serveBoard(settings: BoardSettings, opts: ServeBoardOptions): Promise<void> {
  const print = opts.print ?? ((text: string) => console.log(text));
  const { host, port, dataDir } = settings;
  if (!isLoopback(host)) {
    console.warn(`WARNING: listening on ${host}, not loopback. Anyone who can reach it and has the token can run commands on this machine.`);
  }
  // The data folder first: "already in use" is the more useful thing to hear than a missing build.
  const core = await createCore({ dataDir, platform: { shell: 'headless' }, version: opts.version });
  if (!existsSync(join(opts.staticDir, 'index.html'))) {
    await core.dispose();
    throw new Error(`No built board at ${opts.staticDir}: run \`npm run build\` first.`);
  }
  if (core.interruptedAtStart > 0) print(`${core.interruptedAtStart} run(s) from the last session were marked interrupted; their worktrees are untouched.`);
  const server = await startHeadlessServer({ core, staticDir: opts.staticDir, host, port }).catch(async (err: NodeJS.ErrnoException) => {
    await core.dispose();
    if (err.code === 'EADDRINUSE') throw new Error(`Port ${port} is in use. Pick another with --port N (0 picks a free one).`);
    throw err;
  });
  print(`Switchyard (headless) is serving the board at:\n\n  ${server.url}\n\nData: ${dataDir}\nPress Ctrl-C to stop.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    print('\nStopping: runs still going are marked interrupted; worktrees are kept.');
    await server.close();
    await core.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
