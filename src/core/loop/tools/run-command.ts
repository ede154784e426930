// run_command: the model's command, run in the worktree. A command string goes to `sh -c` on purpose: running
// the model's code is this tool's job, so the shell is the interface, not an injection; the limits are the
// sandbox (bubblewrap, when available), the allowlisted environment without the API key, the time limit, the
// output caps and the process-group kill. An argv array runs without a shell.
import type { SandboxPolicy } from '../sandbox';
import { buildSandboxArgv } from '../sandbox';
import { ToolLimits } from '../loop-constants';
import type { ToolContext, ToolOutcome } from '../loop-types';
import { OutputCapture, runBounded } from './child-process';

export interface CommandArgs {
  command?: string | undefined;
  argv?: string[] | undefined;
  timeout_ms?: number | undefined;
}

export interface CommandSettings {
  /** The worktree's realpath: the working directory, and the only writable place in the sandbox. */
  worktree: string;
  /** The child environment (allowlisted, no API key). */
  env: Record<string, string>;
  /** null: no sandbox (unavailable or turned off). */
  sandbox: SandboxPolicy | null;
  defaultTimeoutMs: number;
  killGraceMs: number;
}

/** The words to execute, and how the command is shown to people (approval prompt, terminal). */
export function commandVector(args: CommandArgs): { vector: string[]; display: string } | { error: string } {
  const hasCommand = typeof args.command === 'string' && args.command.trim() !== '';
  const hasArgv = Array.isArray(args.argv) && args.argv.length > 0;
  if (hasCommand === hasArgv) return { error: 'Give either "command" (a shell command line) or "argv" (an array of words), not both or neither.' };
  if (hasCommand) return { vector: ['/bin/sh', '-c', args.command as string], display: args.command as string };
  const argv = args.argv as string[];
  return { vector: argv, display: argv.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : JSON.stringify(w))).join(' ') };
}

export async function runCommandTool(settings: CommandSettings, vector: string[], args: CommandArgs, ctx: ToolContext): Promise<ToolOutcome> {
  const timeoutMs = Math.min(args.timeout_ms ?? settings.defaultTimeoutMs, ToolLimits.commandMaxTimeoutMs);
  const launch = settings.sandbox
    ? await buildSandboxArgv(settings.sandbox, settings.worktree, vector)
    : { file: vector[0] as string, args: vector.slice(1) };
  const capture = OutputCapture.forModel();
  const run = await runBounded({
    file: launch.file,
    args: launch.args,
    cwd: settings.worktree,
    env: settings.env,
    timeoutMs,
    signal: ctx.signal,
    killGraceMs: settings.killGraceMs,
    capture,
    onOutput: (text) => ctx.output(text),
    bwrapInfoFd3: settings.sandbox !== null,
  });
  const seconds = `${(run.durationMs / 1000).toFixed(1)} s`;
  const output = capture.totalChars === 0 ? '(no output)' : capture.text();
  if (run.spawnError) {
    const what = settings.sandbox ? `the sandbox (${settings.sandbox.bwrapPath})` : `"${vector[0]}"`;
    return { output: `Could not start ${what}: ${run.spawnError}.`, isError: true };
  }
  if (run.cancelled) {
    return { output: `The user cancelled the turn; the command was stopped after ${seconds}.\n${output}`, isError: true, cancelled: true, summary: `cancelled after ${seconds}` };
  }
  if (run.timedOut) {
    const limit = `${Math.round(timeoutMs / 100) / 10} s`;
    return {
      output: `The command did not finish within its time limit of ${limit}, so it and every process it started were stopped. If it waits for input or runs a server, it cannot work here; otherwise pass a larger timeout_ms (at most ${ToolLimits.commandMaxTimeoutMs / 1000} s).\n${output}`,
      isError: true,
      summary: `timed out after ${limit}, stopped`,
    };
  }
  const status = run.exitSignal ? `killed by ${run.exitSignal}` : `exit code ${run.exitCode}`;
  return {
    output: `${status} (${seconds})\n${output}`,
    isError: run.exitSignal !== null || run.exitCode !== 0,
    summary: `${run.exitSignal ? `killed by ${run.exitSignal}` : `exit ${run.exitCode}`} · ${seconds}`,
  };
}
