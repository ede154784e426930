// The `switchyard` command line: picks the command, runs it, and turns what it throws into a message
// and an exit code (usage 2, data folder busy 3, anything else 1). Commands talk only to the contract.
import { AppError } from '../shared/errors';
import { RpcError } from '../shared/rpc/client';
import { diffCommand, DIFF_HELP } from './commands/diff';
import { listCommand, LIST_HELP } from './commands/list';
import { mergeCommand, MERGE_HELP } from './commands/merge';
import { runCommand, RUN_HELP } from './commands/run';
import { serveCommand, SERVE_HELP } from './commands/serve';
import type { CommandContext } from './context';
import { CliFailure, ExitCode, UsageError } from './exit-codes';

export const MAIN_HELP = `Usage: switchyard <command> [options]

Runs coding agents in parallel on one git repository, like the Switchyard app, from a terminal.

Commands:
  run     start a thread of runs and show their status until they finish
  list    the threads and their runs
  diff    a run's changes as a patch (or --stat)
  merge   merge a run into its base branch
  serve   serve the board to a browser (headless mode)
  help    this help, or a command's: switchyard help run

Every command takes --data-dir DIR (default: $SWITCHYARD_DATA_DIR, else the app's folder) and --help.
While the desktop app, \`npm run web\` or \`switchyard serve\` uses the data folder, commands go through it.

Exit status: 0 success, 1 a run or the operation failed, 2 usage error, 3 data folder busy, 130 Ctrl-C.`;

const HELP: Record<string, string> = { run: RUN_HELP, list: LIST_HELP, diff: DIFF_HELP, merge: MERGE_HELP, serve: SERVE_HELP };

export interface CliOptions {
  /** The built renderer, for `serve`. */
  rendererDir: string;
}

export async function runCli(argv: string[], ctx: CommandContext, opts: CliOptions): Promise<ExitCode> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, ctx);
      case 'list':
      case 'ls':
        return await listCommand(rest, ctx);
      case 'diff':
        return await diffCommand(rest, ctx);
      case 'merge':
        return await mergeCommand(rest, ctx);
      case 'serve':
        return await serveCommand(rest, ctx, opts.rendererDir);
      case 'help':
      case '--help':
      case '-h':
      case undefined: {
        const topic = command === 'help' ? rest[0] : undefined;
        if (topic !== undefined && !HELP[topic]) throw new UsageError(`No command "${topic}". Commands: ${Object.keys(HELP).join(', ')}.`);
        ctx.io.out(`${topic ? HELP[topic] : MAIN_HELP}\n`);
        return command === undefined ? ExitCode.usage : ExitCode.ok;
      }
      case '--version':
      case '-v':
        ctx.io.out(`switchyard ${ctx.version}\n`);
        return ExitCode.ok;
      default:
        throw new UsageError(`Unknown command "${command}". Commands: ${Object.keys(HELP).join(', ')}.\nSee \`switchyard --help\`.`);
    }
  } catch (err) {
    return report(err, ctx);
  }
}

function report(err: unknown, ctx: CommandContext): ExitCode {
  if (err instanceof UsageError) {
    ctx.io.err(`switchyard: ${err.message}\n`);
    return ExitCode.usage;
  }
  if (err instanceof CliFailure) {
    ctx.io.err(`switchyard: ${err.message}\n`);
    return err.exitCode;
  }
  const code = err instanceof AppError || err instanceof RpcError ? err.code : null;
  if (code === 'DATA_DIR_IN_USE') {
    ctx.io.err(`switchyard: ${(err as Error).message}\n`);
    return ExitCode.busy;
  }
  if (code !== null) {
    ctx.io.err(`switchyard: ${(err as Error).message}\n`);
    return ExitCode.failed;
  }
  const message = err instanceof Error ? err.message : String(err);
  ctx.io.err(`switchyard: ${message}\n`);
  if (ctx.env.SWITCHYARD_DEBUG && err instanceof Error && err.stack) ctx.io.err(`${err.stack}\n`);
  return ExitCode.failed;
}
