// The repository's `.switchyard.json`: the commands that prepare a run's worktree (setup), judge
// it (checks: tests, lint, build) and clean up (teardown). Parses and validates the file with zod
// and explains a bad one by naming the field. Example:
//
//   {
//     "setup": ["npm ci"],
//     "checks": {
//       "test": "npm test",
//       "lint": "npm run lint",
//       "build": { "command": "npm run build", "timeoutSeconds": 900 }
//     },
//     "teardown": ["docker compose down"],
//     "env": { "NODE_ENV": "test" },
//     "timeoutSeconds": 600
//   }
//
// Commands are shell strings, run with `sh -c` inside the run's worktree, so `npm test && npm run x`
// works as users expect. This is the repository owner's own code, exactly like an npm script or a
// Makefile target: Switchyard reads it from the commit the run started from (never from the agent's
// edits, never from UI input) and never builds a command from anything else.
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { type GitRunner } from '../git/git-runner';

/** Name of the file, at the repository's top level. */
export const CONFIG_FILE_NAME = '.switchyard.json';
/** Default time limit of one setup, check or teardown command, in seconds: a full test suite of a mid-size project. */
export const DEFAULT_TIMEOUT_SECONDS = 600;
/** Longest time limit a config may set, in seconds (one day): beyond it a forgotten check would hold a PTY for days. */
export const MAX_TIMEOUT_SECONDS = 86_400;
/** Largest config file read, in bytes: a config is a few hundred bytes; 256 KiB means something else was committed there. */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** Longest command string, in characters: longer belongs in a script file the command calls. */
export const MAX_COMMAND_CHARS = 8_192;
/** Most checks in one config: each gets its own PTY and its own row per run in the scorecard. */
export const MAX_CHECKS = 20;

const command = z.string().trim().min(1, 'must not be empty').max(MAX_COMMAND_CHARS, `must be at most ${MAX_COMMAND_CHARS} characters`);
const timeoutSeconds = z.number().int('must be a whole number of seconds').min(1, 'must be at least 1').max(MAX_TIMEOUT_SECONDS, `must be at most ${MAX_TIMEOUT_SECONDS}`);
/** Check names show as scorecard columns: short, printable, no leading punctuation. */
const checkName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,39}$/, 'check names are 1 to 40 letters, digits, spaces or _ . : - and start with a letter or digit');
/** Variable names a shell accepts; SWITCHYARD_* is reserved for the values Switchyard sets. */
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'variable names are letters, digits and _, not starting with a digit')
  .refine((n) => !n.toUpperCase().startsWith('SWITCHYARD_'), 'SWITCHYARD_* variables are set by Switchyard itself');

/**
 * The schema of `.switchyard.json`. Every field is optional; unknown fields are errors (a typo
 * such as `"check"` must not silently disable the checks).
 * - `setup`: commands run in order when a worktree is created; the first failure stops the rest.
 * - `checks`: name → command (or `{ command, timeoutSeconds }`), run in the order written.
 * - `teardown`: commands run in order before a worktree is removed, all of them even if one fails.
 * - `env`: extra environment variables for every command (string values).
 * - `timeoutSeconds`: the time limit of each command that does not set its own.
 */
export const SwitchyardConfigSchema = z.strictObject({
  setup: z.array(command).max(MAX_CHECKS).default([]),
  checks: z
    .record(checkName, z.union([command, z.strictObject({ command, timeoutSeconds: timeoutSeconds.optional() })]))
    .refine((c) => Object.keys(c).length <= MAX_CHECKS, `at most ${MAX_CHECKS} checks`)
    .default({}),
  teardown: z.array(command).max(MAX_CHECKS).default([]),
  env: z.record(envName, z.string().max(MAX_COMMAND_CHARS)).default({}),
  timeoutSeconds: timeoutSeconds.default(DEFAULT_TIMEOUT_SECONDS),
});

export interface CommandSpec {
  /** Shell command, run with `sh -c`. */
  command: string;
  timeoutMs: number;
}

export interface CheckSpec extends CommandSpec {
  name: string;
}

/** A validated config with every default applied and every time limit resolved. */
export interface SwitchyardConfig {
  setup: CommandSpec[];
  checks: CheckSpec[];
  teardown: CommandSpec[];
  env: Record<string, string>;
}

/** The config used when a repository has no `.switchyard.json`: nothing to set up, check or tear down. */
export const EMPTY_CONFIG: SwitchyardConfig = { setup: [], checks: [], teardown: [], env: {} };

/**
 * Parses the text of a config file; `source` names it in error messages (e.g. `.switchyard.json at
 * abc1234`). Throws INVALID_INPUT with a sentence that names the field for any problem.
 */
export function parseSwitchyardConfig(text: string, source = CONFIG_FILE_NAME): SwitchyardConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError('INVALID_INPUT', `${source} is not valid JSON: ${reason}.`, { cause: err });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AppError('INVALID_INPUT', `${source} must hold a JSON object such as {"checks": {"test": "npm test"}}.`);
  }
  const parsed = SwitchyardConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? fieldName(issue.path) : 'the file';
    let message = issue?.message ?? 'is invalid';
    if (issue?.code === 'unrecognized_keys') message = `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    // A bad record key (a check or variable name): zod nests the reason.
    if (issue?.code === 'invalid_key') message = issue.issues[0]?.message ?? message;
    throw new AppError('INVALID_INPUT', `${source}: ${field} ${message}.`, { cause: parsed.error });
  }
  const c = parsed.data;
  const defaultMs = c.timeoutSeconds * 1000;
  return {
    setup: c.setup.map((cmd) => ({ command: cmd, timeoutMs: defaultMs })),
    checks: Object.entries(c.checks).map(([name, spec]) =>
      typeof spec === 'string'
        ? { name, command: spec, timeoutMs: defaultMs }
        : { name, command: spec.command, timeoutMs: (spec.timeoutSeconds ?? c.timeoutSeconds) * 1000 },
    ),
    teardown: c.teardown.map((cmd) => ({ command: cmd, timeoutMs: defaultMs })),
    env: c.env,
  };
}

/**
 * Reads `.switchyard.json` from a commit (the run's base commit), never from a worktree an agent
 * can edit. Returns EMPTY_CONFIG when the commit has no such file.
 */
export async function loadSwitchyardConfig(git: GitRunner, req: { repoPath: string; commit: string }): Promise<SwitchyardConfig> {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(req.commit)) throw new AppError('INVALID_INPUT', `"${req.commit}" is not a full commit id.`);
  const read = { cwd: req.repoPath, readOnly: true } as const;
  const spec = `${req.commit}:${CONFIG_FILE_NAME}`;
  const size = await git.run(['cat-file', '-s', spec], { ...read, allowedExitCodes: [0, 128] });
  if (size.code !== 0) return EMPTY_CONFIG;
  const source = `${CONFIG_FILE_NAME} at ${req.commit.slice(0, 7)}`;
  if (Number.parseInt(size.stdout, 10) > MAX_CONFIG_BYTES) {
    throw new AppError('LIMIT_EXCEEDED', `${source} is larger than ${MAX_CONFIG_BYTES / 1024} KiB; a Switchyard config is a few lines of JSON.`);
  }
  const { stdout } = await git.run(['cat-file', 'blob', spec], read);
  return parseSwitchyardConfig(stdout, source);
}

/** `checks.test`, `setup[0]`, `env.NODE_ENV`: a zod issue path as a user reads it. */
function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the file';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return `"${out}"`;
}
