// `switchyard serve`: the headless board (the same as `npm run web`, src/server/serve-board.ts): the
// built renderer over HTTP and the contract over a WebSocket, on loopback, with a per-launch token.
// It must own the data folder; while another Switchyard process does, it says so and exits 3.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BOARD_ARG_OPTIONS, DEFAULT_PORT, boardSettings, serveBoard } from '../../server/serve-board';
import type { CommandContext } from '../context';
import { ExitCode, UsageError } from '../exit-codes';

export const SERVE_HELP = `Usage: switchyard serve [--port N] [--host 127.0.0.1] [--data-dir DIR]

Serves the board to a browser: prints http://127.0.0.1:${DEFAULT_PORT}/?token=… and runs until Ctrl-C
(runs still going are then marked interrupted; worktrees are kept). Other \`switchyard\` commands
on the same data folder go through it.

Options:
  --port N          the port (default ${DEFAULT_PORT}, or $SWITCHYARD_PORT; 0 picks a free one)
  --host HOST       the address to listen on (default 127.0.0.1; anything else warns)
  --data-dir DIR    the data folder (default: $SWITCHYARD_DATA_DIR or the app's)
  -h, --help        this help`;

/** Where the built renderer is: next to this bundle (out/main/cli.js), or out/renderer when run from source. */
export function builtRendererDir(moduleUrl: string): string {
  const bundled = fileURLToPath(new URL('../renderer', moduleUrl));
  if (!moduleUrl.endsWith('.ts') && existsSync(bundled)) return bundled;
  return fileURLToPath(new URL('../../out/renderer', moduleUrl));
}

export async function serveCommand(argv: string[], ctx: CommandContext, rendererDir: string): Promise<ExitCode> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...BOARD_ARG_OPTIONS, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\nSee \`switchyard serve --help\`.`);
  }
  if (values.help) {
    ctx.io.out(`${SERVE_HELP}\n`);
    return ExitCode.ok;
  }
  let settings;
  try {
    settings = boardSettings(values, ctx.env);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  await serveBoard(settings, { staticDir: rendererDir, version: ctx.version, print: (text) => ctx.io.out(`${text}\n`) });
  // It serves until a signal ends the process (serveBoard exits it after a clean shutdown).
  return new Promise<ExitCode>(() => {});
}
