// The agent CLIs as built-in profiles, their availability on this machine, and how a CLI profile
// becomes a launch for a run (catalog argv, per-run config files, the status tracker's settings).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CliAvailability, Profile } from '../../shared/contract';
import { ProfileId } from '../../shared/ids';
import { buildChildEnv } from './child-env';
import { CLI_CATALOG, buildCliLaunch, cliDefinition, type CliLaunch } from './cli-catalog';
import { detectClis } from './cli-detect';

/** One built-in profile per known CLI; its id is the CLI's id. */
export const CLI_PROFILES: Profile[] = CLI_CATALOG.map((def) => ({
  id: ProfileId.parse(def.id),
  name: def.name,
  kind: 'cli' as const,
  argv: [],
  builtIn: true,
  cliId: def.id,
  builtin: null,
}));

export async function cliAvailability(env: NodeJS.ProcessEnv, force = false): Promise<CliAvailability[]> {
  const found = await detectClis(CLI_CATALOG, { env, force });
  return found.map((d) => ({
    id: d.id,
    name: d.name,
    available: d.available,
    version: d.available ? d.version : null,
    path: d.available ? d.path : (d.path ?? null),
    problem: d.available ? null : d.message,
    installHint: d.installHint,
    docsUrl: d.docsUrl,
  }));
}

export interface CliRunLaunch {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cli: CliLaunch;
}

/**
 * The launch of a CLI profile in a run's worktree: the catalog's argv (prompt as one argument,
 * unattended settings), its generated config files written under the run's own config folder
 * (outside the worktree), and the child environment (allowlist + what the CLI needs).
 */
export async function buildCliRunLaunch(
  profile: Profile,
  ctx: { prompt: string; worktreePath: string; configDir: string; baseEnv: NodeJS.ProcessEnv; runEnv: Record<string, string>; hookCommand?: string[]; resume?: boolean },
): Promise<CliRunLaunch> {
  if (!profile.cliId) throw new Error(`profile ${profile.id} is not a CLI profile`);
  const def = cliDefinition(profile.cliId);
  // The one key this CLI reads, when the app's environment has it; every other secret stays out.
  const keyEnv = def.apiKeyEnv.find((name) => Boolean(ctx.baseEnv[name]));
  const cli = buildCliLaunch(def, {
    ...(keyEnv ? { apiKey: { value: ctx.baseEnv[keyEnv] as string, envName: keyEnv } } : {}),
    prompt: ctx.prompt,
    worktreePath: ctx.worktreePath,
    configDir: ctx.configDir,
    ...(ctx.resume ? { resume: true } : {}),
    unattended: true,
    ...(ctx.hookCommand ? { hookCommand: ctx.hookCommand } : {}),
  });
  for (const file of cli.files) {
    await mkdir(dirname(file.path), { recursive: true, mode: 0o700 });
    await writeFile(file.path, file.content, { mode: file.mode });
  }
  return { file: cli.file, args: cli.args, cwd: ctx.worktreePath, env: buildChildEnv(ctx.baseEnv, { ...ctx.runEnv, ...cli.env }), cli };
}
