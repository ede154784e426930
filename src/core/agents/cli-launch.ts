// How an agent CLI's definition becomes a concrete launch for one run (file, argv, env additions,
// files to write, input to type), and the helpers the definitions share. Spawns nothing, builds no
// shell string for the spawn itself, and puts the prompt in exactly one argv entry. The per-CLI
// facts live in cli-catalog.ts.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { assertNoSettingsExpansion, shellQuote } from './cli-launch-support';
import type { RelayMode } from './hook-bridge';
import type { NotificationClassifier } from './status-sources';
export const CLI_IDS = ['codex', 'claude', 'gemini', 'opencode', 'aider', 'copilot', 'qwen'] as const;
export type CliId = (typeof CLI_IDS)[number];

/** Where a run's status can come from for this CLI (best first, as status-machine ranks them). */
export type StatusSourceKind = 'hook' | 'notify' | 'osc' | 'exit' | 'heuristic';

export interface CliLaunchOptions {
  /** The task; becomes exactly one argv entry (or, for Aider, input typed into the PTY). Empty: none. */
  prompt: string;
  /** The run's worktree, absolute; pass its realpath (trust entries are matched on it). */
  worktreePath: string;
  /** Continue an earlier session in this worktree: `true` = the most recent one, or a known session id. */
  resume?: boolean | { sessionId: string };
  /** hookCommandPrefix(…) of hook-bridge: argv ending in `<socket> <runId>`; the catalog appends the rest. */
  hookCommand?: readonly string[];
  /** A per-run directory outside the worktree (0700) for generated settings; needed by hooks and unattended. */
  configDir?: string;
  /** Skip trust prompts and approvals so the run works without a person (default true). */
  unattended?: boolean;
  /** The API key for this CLI; `envName` defaults to the definition's first apiKeyEnv. */
  apiKey?: { value: string; envName?: string };
  /** An OpenAI/Anthropic-compatible endpoint, where the CLI supports one (see each definition). */
  baseUrl?: string;
  model?: string;
  /** Session id to start a new session with (Claude, Qwen); generated when absent. */
  sessionId?: string;
}

export interface LaunchFile {
  /** Absolute path, always inside configDir. */
  path: string;
  content: string;
  mode: number;
}

export interface CliLaunch {
  /** The binary, resolved on the child's PATH by the PtyHost. */
  file: string;
  args: string[];
  /** Variables to add to the child's environment (buildChildEnv `extra`). May hold the API key. */
  env: Record<string, string>;
  /** Write these (creating parent directories, 0700) before spawning. */
  files: LaunchFile[];
  /** Type this into the PTY once it is up (after its first output settles); Aider only. */
  initialInput?: string;
  /** The agent's own session id when known before it starts; use it to resume. */
  sessionId?: string;
  /** Answer `OSC 7501 ; ?` with PROGRAM_STATUS_QUERY_REPLY so the CLI reports its status in-band. */
  answerProgramStatusQuery: boolean;
  statusSources: StatusSourceKind[];
  /** What the launch could not take care of, in plain words (shown to the user once). */
  notes: string[];
}

export interface CliDefinition {
  id: CliId;
  name: string;
  binary: string;
  /** How to install it, as a command the user can run. */
  installHint: string;
  docsUrl: string;
  /** Environment variables it reads its API key from; the first is where apiKey goes by default. */
  apiKeyEnv: readonly string[];
  versionArgs: readonly string[];
  statusSources: readonly StatusSourceKind[];
  /** How its hook / notify program receives the payload. */
  relayMode: RelayMode;
  /** Reads its terminal notifications (OSC 9/777/99); default: any notification means "needs you". */
  notificationClassifier?: NotificationClassifier;
  build(ctx: BuildContext): BuildResult;
}

export interface BuildContext {
  prompt: string;
  worktreePath: string;
  resume: false | true | { sessionId: string };
  unattended: boolean;
  hook: ((mode: RelayMode, event?: string) => string[]) | null;
  /** The hookCommand as given: the relay program, then `<socket> <runId>`. */
  hookBase: readonly string[] | null;
  configDir: string | null;
  apiKey: { value: string; envName: string } | null;
  baseUrl: string | null;
  model: string | null;
  sessionId: string | null;
}

export type BuildResult = Omit<CliLaunch, 'file' | 'statusSources' | 'answerProgramStatusQuery'> & { answerProgramStatusQuery?: boolean };

/** Builds the launch of `def` for one run. Throws AppError('INVALID_INPUT') for unusable options. */
export function buildCliLaunch(def: CliDefinition, options: CliLaunchOptions): CliLaunch {
  if (!path.isAbsolute(options.worktreePath)) throw new AppError('INVALID_INPUT', 'The worktree path must be absolute.');
  if (options.configDir !== undefined && !path.isAbsolute(options.configDir)) {
    throw new AppError('INVALID_INPUT', 'The per-run config directory must be absolute.');
  }
  if (options.hookCommand !== undefined && options.hookCommand.length < 3) {
    throw new AppError('INVALID_INPUT', 'The hook command must be a program followed by the socket path and the run id.');
  }
  const hookCommand = options.hookCommand;
  const ctx: BuildContext = {
    prompt: options.prompt,
    worktreePath: options.worktreePath,
    resume: options.resume ?? false,
    unattended: options.unattended ?? true,
    hook: hookCommand ? (mode, event) => [...hookCommand, def.id, mode, ...(event ? [event] : [])] : null,
    hookBase: hookCommand ?? null,
    configDir: options.configDir ?? null,
    apiKey: options.apiKey ? { value: options.apiKey.value, envName: options.apiKey.envName ?? (def.apiKeyEnv[0] as string) } : null,
    baseUrl: options.baseUrl ?? null,
    model: options.model ?? null,
    sessionId: options.sessionId ?? null,
  };
  const built = def.build(ctx);
  return {
    file: def.binary,
    args: built.args,
    env: built.env,
    files: built.files,
    ...(built.initialInput !== undefined ? { initialInput: built.initialInput } : {}),
    ...(built.sessionId !== undefined ? { sessionId: built.sessionId } : {}),
    answerProgramStatusQuery: built.answerProgramStatusQuery ?? false,
    statusSources: [...def.statusSources],
    notes: built.notes,
  };
}

export function requireConfigDir(ctx: BuildContext, cli: string, why: string): string {
  if (ctx.configDir === null) throw new AppError('INVALID_INPUT', `${cli} needs a per-run config directory for ${why}.`);
  return ctx.configDir;
}

export function jsonFile(dir: string, name: string, value: unknown): LaunchFile {
  return { path: path.join(dir, name), content: `${JSON.stringify(value, null, 2)}\n`, mode: 0o600 };
}

export function resumeId(resume: BuildContext['resume']): string | null {
  return typeof resume === 'object' ? resume.sessionId : null;
}

/** Text typed as one bracketed paste, then Enter: newlines stay inside the one message. */
export function bracketedPaste(text: string): string {
  return `\x1b[200~${text.split('\x1b[201~').join('').split('\x1b[200~').join('')}\x1b[201~\r`;
}

export function settingsHooks(events: readonly string[], command: (event: string) => string[], timeoutMs: number): Record<string, unknown[]> {
  const hooks: Record<string, unknown[]> = {};
  for (const event of events) {
    hooks[event] = [{ hooks: [{ type: 'command', name: `switchyard-${event}`, command: shellQuote(command(event)), timeout: timeoutMs }] }];
  }
  return hooks;
}

export function checked(argv: string[], cliName: string): string[] {
  assertNoSettingsExpansion(argv, cliName);
  return argv;
}

/**
 * Session flags shared by Claude Code and Qwen Code: `--resume <id>` for a known session,
 * `--continue` for the most recent one, otherwise a new session with an id we choose (so the run
 * can be resumed later). Appends to `args`; returns the session id when known.
 */
export function sessionArgs(ctx: BuildContext, args: string[]): string | undefined {
  const id = resumeId(ctx.resume);
  if (id) {
    args.push('--resume', id);
    return id;
  }
  if (ctx.resume) {
    args.push('--continue');
    return undefined;
  }
  const sessionId = ctx.sessionId ?? randomUUID();
  args.push('--session-id', sessionId);
  return sessionId;
}
