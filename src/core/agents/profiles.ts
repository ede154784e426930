// The built-in agent profiles, and how a profile becomes a concrete launch (file, args, cwd, env) for a run.
// Spawns nothing and never builds a shell string: the PtyHost runs the launch and checks that the file exists.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Profile } from '../../shared/contract/profiles';
import { AppError } from '../../shared/errors';
import { ProfileId } from '../../shared/ids';
import { buildChildEnv } from './child-env';
import { expandTemplate } from './command-line';

/** Profiles that ship with the app, listed before the user's command templates. */
export const BUILT_IN_PROFILES: Profile[] = [
  { id: ProfileId.parse('shell'), name: 'Shell', kind: 'shell', argv: [], builtIn: true, cliId: null, builtin: null },
];

/** Shells tried, in order, when $SHELL is unset, not absolute, or not executable (a stale $SHELL in a container). */
const FALLBACK_SHELLS = ['/bin/bash', '/bin/sh'] as const;

export interface LaunchContext {
  /** The thread's prompt, substituted for {prompt} in a command template. */
  prompt: string;
  /** The run's worktree: the child starts there. */
  worktreePath: string;
  /** The app's own environment; only allowlisted variables reach the child (see child-env). */
  baseEnv: NodeJS.ProcessEnv;
  /** Per-run variables (SWITCHYARD_RUN_ID, SWITCHYARD_WORKTREE, …), set last. */
  runEnv: Record<string, string>;
}

export interface Launch {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/**
 * What to spawn for `profile` in a run: 'shell' is the user's shell as an interactive, non-login shell (`-i`);
 * 'command' is the template with {prompt} filled in, its first word the file. Throws INVALID_INPUT for a
 * command profile without words.
 */
export async function buildLaunch(profile: Profile, ctx: LaunchContext): Promise<Launch> {
  const env = buildChildEnv(ctx.baseEnv, ctx.runEnv);
  if (profile.kind === 'shell') {
    return { file: await userShell(ctx.baseEnv.SHELL), args: ['-i'], cwd: ctx.worktreePath, env };
  }
  const [file, ...args] = expandTemplate(profile.argv, { prompt: ctx.prompt });
  if (file === undefined || file.length === 0) {
    throw new AppError('INVALID_INPUT', `The profile "${profile.name}" has no command to run.`);
  }
  return { file, args, cwd: ctx.worktreePath, env };
}

/** $SHELL when it is an absolute path to an executable, else the first executable fallback. */
async function userShell(shellVariable: string | undefined): Promise<string> {
  const candidates = [shellVariable, ...FALLBACK_SHELLS];
  for (const candidate of candidates) {
    if (candidate !== undefined && path.isAbsolute(candidate) && (await isExecutable(candidate))) return candidate;
  }
  return FALLBACK_SHELLS[FALLBACK_SHELLS.length - 1] as string;
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}
