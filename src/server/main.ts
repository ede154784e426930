// Entry of `npm run web`: the headless board (serve-board.ts) with the flags below; prints why it
// cannot start (the data folder in use, a taken port) in one sentence and exits 1.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BOARD_ARG_OPTIONS, boardSettings, serveBoard } from './serve-board';
import pkg from '../../package.json';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: BOARD_ARG_OPTIONS });
  if (values.help) {
    console.log('Usage: npm run web -- [--port N] [--host 127.0.0.1] [--data-dir DIR]');
    return;
  }
  // This bundle is out/main/server.js; the built renderer is out/renderer.
  await serveBoard(boardSettings(values), { staticDir: fileURLToPath(new URL('../renderer', import.meta.url)), version: pkg.version });
}

main().catch((err: unknown) => {
  console.error(`Switchyard could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
