// The worktree ToolHost of the built-in agent: validates each call's arguments, asks for approval before a command
// in 'ask' mode, and dispatches to the tools, every one confined to the run's worktree. Builds the one child
// environment all tool children share: the allowlist of agents/child-env, so the API key never reaches them.
import { AppError } from '../../../shared/errors';
import { buildChildEnv } from '../../agents/child-env';
import { ToolLimits } from '../loop-constants';
import type { ToolCall, ToolContext, ToolDefinition, ToolHost, ToolOutcome } from '../loop-types';
import type { SandboxPolicy } from '../sandbox';
import { applyPatchTool } from './apply-patch';
import { listFilesTool, readFileTool, toolError, writeFileTool } from './file-tools';
import { commandVector, runCommandTool, type CommandSettings } from './run-command';
import { searchFilesTool } from './search-files';
import { isToolName, parseToolArgs, toolDefinitions, type ToolName } from './tool-schemas';
import { WorktreePaths } from './worktree-paths';

/** 'auto': run every command; 'ask': each run_command waits for `approve` (the user, on the run's card). */
export type ApprovalMode = 'auto' | 'ask';

export interface ApprovalRequest {
  callId: string;
  /** The command as the user should read it. */
  command: string;
  /** The worktree it would run in. */
  cwd: string;
  sandboxed: boolean;
}

export interface WorktreeToolHostOptions {
  worktree: string;
  /** The app's environment; only allowlisted variables reach tool children (agents/child-env). */
  baseEnv: NodeJS.ProcessEnv;
  /** Per-run variables for commands (SWITCHYARD_RUN_ID, …); a secret-looking name is refused. */
  runEnv?: Record<string, string>;
  approval: ApprovalMode;
  /** Required for 'ask'. Resolves true to run; `signal` fires when the turn is cancelled meanwhile. */
  approve?: (request: ApprovalRequest, signal: AbortSignal) => Promise<boolean>;
  /** null: commands run without a sandbox (bwrap unavailable, or turned off by the user). */
  sandbox: SandboxPolicy | null;
  commandTimeoutMs?: number;
  killGraceMs?: number;
  gitPath?: string;
}

export interface WorktreeToolHost extends ToolHost {
  /** The environment every tool child gets (for tests and diagnostics). */
  readonly childEnv: Readonly<Record<string, string>>;
}

/** Names refused in runEnv: the API key travels only in the core's HTTP requests, never to a child. */
const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;

/** What the model reads when the user says no. */
const DECLINED =
  'The user declined to run this command, so it was not run. Do not try to get the same effect another way; continue without it, or finish and explain what you need.';

/** Throws AppError INVALID_INPUT for a missing worktree, 'ask' without approve, or a secret in runEnv. */
export async function createWorktreeToolHost(opts: WorktreeToolHostOptions): Promise<WorktreeToolHost> {
  if (opts.approval === 'ask' && !opts.approve) throw new AppError('INVALID_INPUT', "Approval mode 'ask' needs an approve callback.");
  for (const name of Object.keys(opts.runEnv ?? {})) {
    if (SECRET_NAME.test(name)) throw new AppError('INVALID_INPUT', `The variable ${name} looks like a secret and is not passed to the agent's commands.`);
  }
  let paths: WorktreePaths;
  try {
    paths = await WorktreePaths.open(opts.worktree);
  } catch (err) {
    throw new AppError('PATH_NOT_FOUND', `The worktree ${opts.worktree} does not exist.`, { cause: err });
  }
  const childEnv = buildChildEnv(opts.baseEnv, opts.runEnv ?? {});
  return new Host(opts, paths, childEnv);
}

class Host implements WorktreeToolHost {
  readonly definitions: readonly ToolDefinition[] = toolDefinitions();
  private readonly command: CommandSettings;

  constructor(
    private readonly opts: WorktreeToolHostOptions,
    private readonly paths: WorktreePaths,
    readonly childEnv: Record<string, string>,
  ) {
    this.command = {
      worktree: paths.root,
      env: childEnv,
      sandbox: opts.sandbox,
      defaultTimeoutMs: opts.commandTimeoutMs ?? ToolLimits.commandTimeoutMs,
      killGraceMs: opts.killGraceMs ?? ToolLimits.commandKillGraceMs,
    };
  }

  async execute(call: ToolCall, ctx: ToolContext): Promise<ToolOutcome> {
    if (!isToolName(call.name)) {
      return toolError(`There is no tool named "${call.name}". The tools are: ${this.definitions.map((d) => d.name).join(', ')}.`);
    }
    if (ctx.signal.aborted) return { output: 'Not run: the turn was cancelled.', isError: true, cancelled: true };
    try {
      return await this.dispatch(call, call.name, ctx);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return toolError(`${call.name} failed: ${message}`);
    }
  }

  private async dispatch(call: ToolCall, name: ToolName, ctx: ToolContext): Promise<ToolOutcome> {
    const git = { paths: this.paths, env: this.childEnv, signal: ctx.signal, ...(this.opts.gitPath ? { gitPath: this.opts.gitPath } : {}) };
    switch (name) {
      case 'run_command': {
        const parsed = parseToolArgs(name, call.arguments);
        if (!parsed.ok) return toolError(parsed.reason);
        const vector = commandVector(parsed.args);
        if ('error' in vector) return toolError(vector.error);
        const verdict = await this.approval(call, vector.display, ctx.signal);
        if (verdict !== null) return verdict;
        return runCommandTool(this.command, vector.vector, parsed.args, ctx);
      }
      case 'read_file': {
        const parsed = parseToolArgs(name, call.arguments);
        return parsed.ok ? readFileTool(this.paths, parsed.args) : toolError(parsed.reason);
      }
      case 'write_file': {
        const parsed = parseToolArgs(name, call.arguments);
        return parsed.ok ? writeFileTool(this.paths, parsed.args) : toolError(parsed.reason);
      }
      case 'apply_patch': {
        const parsed = parseToolArgs(name, call.arguments);
        return parsed.ok ? applyPatchTool(git, parsed.args.patch) : toolError(parsed.reason);
      }
      case 'list_files': {
        const parsed = parseToolArgs(name, call.arguments);
        return parsed.ok ? listFilesTool(this.paths, parsed.args) : toolError(parsed.reason);
      }
      case 'search_files': {
        const parsed = parseToolArgs(name, call.arguments);
        return parsed.ok ? searchFilesTool(git, parsed.args) : toolError(parsed.reason);
      }
    }
  }

  /** null to go ahead; otherwise the outcome that replaces running the command (declined or cancelled). */
  private async approval(call: ToolCall, display: string, signal: AbortSignal): Promise<ToolOutcome | null> {
    if (this.opts.approval === 'auto' || !this.opts.approve) return null;
    const request: ApprovalRequest = { callId: call.callId, command: display, cwd: this.paths.root, sandboxed: this.opts.sandbox !== null };
    let approved: boolean;
    try {
      approved = await untilAborted(this.opts.approve(request, signal), signal);
    } catch {
      approved = false; // an approval UI that fails is a "no", never a silent yes
    }
    if (signal.aborted) return { output: 'Not run: the turn was cancelled while waiting for approval.', isError: true, cancelled: true, summary: 'cancelled while waiting for approval' };
    return approved ? null : { output: DECLINED, isError: true, summary: 'declined by the user' };
  }
}

/** The promise's value, or false as soon as `signal` fires (a pending approval must not hold up a cancel). */
function untilAborted(promise: Promise<boolean>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve, reject) => {
    const onAbort = (): void => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value === true);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
