// Entry of the `switchyard` command (bin/switchyard.mjs imports the built out/main/cli.js; the tests run
// this file with tsx): wires the process (arguments, output, stdin, signals) to runCli and exits with
// its code once the output has drained.
import { runCli } from './cli';
import type { CommandContext } from './context';
import { processOutput } from './output';
import { builtRendererDir } from './commands/serve';
import pkg from '../../package.json';

/**
 * How long to wait, in ms, for the event loop to empty after a command returned, before exiting
 * anyway: long enough for buffered output to drain, short enough that nothing seems to hang.
 */
const EXIT_GRACE_MS = 2_000;

type Signal = 'SIGINT' | 'SIGTERM';
const interruptHandlers = new Set<(signal: Signal) => void>();
let signalsInstalled = false;
let signalled = false;

function onSignal(signal: Signal): void {
  // The second Ctrl-C does not wait for a clean stop.
  if (signalled || interruptHandlers.size === 0) process.exit(signal === 'SIGINT' ? 130 : 143);
  signalled = true;
  for (const h of interruptHandlers) h(signal);
}

const ctx: CommandContext = {
  io: processOutput(),
  version: pkg.version,
  env: process.env,
  cwd: process.cwd(),
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  onInterrupt(handler) {
    // Installed only when a command asks: otherwise Ctrl-C keeps Node's default (exit at once), and
    // `serve` keeps the board's own clean shutdown.
    if (!signalsInstalled) {
      signalsInstalled = true;
      process.on('SIGINT', () => onSignal('SIGINT'));
      process.on('SIGTERM', () => onSignal('SIGTERM'));
    }
    interruptHandlers.add(handler);
    return () => interruptHandlers.delete(handler);
  },
};

void runCli(process.argv.slice(2), ctx, { rendererDir: builtRendererDir(import.meta.url) }).then((code) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
});
