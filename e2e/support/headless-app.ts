// Runs the real product headlessly for e2e tests: the core on a temp data folder and the headless
// server serving the built renderer (out/renderer, from `npm run build`). Restartable on the same data.
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src/core/create-core';
import { startHeadlessServer, type HeadlessServer } from '../../src/server/headless-server';

export const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

export interface HeadlessApp {
  readonly url: string;
  readonly dataDir: string;
  readonly core: Core;
  readonly server: HeadlessServer;
  /** Stops server and core (runs interrupted, data kept) and starts both again on the same data. */
  restart(): Promise<HeadlessApp>;
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

/** What a test may change in the core: its environment (e.g. the PATH agents are found on) and the local servers it probes. */
export type HeadlessAppOptions = Pick<CoreOptions, 'env' | 'localServers'>;

export async function startHeadlessApp(dataDir?: string, options: HeadlessAppOptions = {}): Promise<HeadlessApp> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`No built renderer at ${RENDERER_DIR}: run \`npm run build\` first (npm test does).`);
  }
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'switchyard-e2e-')));
  const core = await createCore({ dataDir: dir, platform: { shell: 'headless' }, version: '0.0.0-e2e', log: () => {}, ...options });
  const server = await startHeadlessServer({ core, staticDir: RENDERER_DIR, port: 0 });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
    await core.dispose();
  };
  return {
    url: server.url,
    dataDir: dir,
    core,
    server,
    stop,
    async restart() {
      await stop();
      return startHeadlessApp(dir, options);
    },
    async cleanup() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
