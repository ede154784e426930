// The first-run checklist's data (`app.firstRunChecks`): whether git is usable, which agent CLIs are
// installed on the PATH runs get, and whether the built-in agent has an OpenAI-compatible endpoint.
// Each part is detected in parallel; none of them ever returns a key.
import type { FirstRunChecks } from '../shared/contract';
import { detectEndpoint, type LocalServer } from './agents/endpoint-detect';
import type { GitRunner } from './git/git-runner';
import { isSupportedGitVersion, MIN_GIT_VERSION } from './git/git-version';
import type { ProfileService } from './profile-service';

export interface FirstRunDeps {
  git: Pick<GitRunner, 'version'>;
  profiles: Pick<ProfileService, 'list' | 'detectClis'>;
  /** The app's environment: its PATH decides which CLIs are found; only whether OPENAI_API_KEY is set is read. */
  env: NodeJS.ProcessEnv;
  /** Local servers to probe; defaults to the usual ports (see endpoint-detect). */
  localServers?: readonly LocalServer[];
}

export function createFirstRunChecks(deps: FirstRunDeps): (force: boolean) => Promise<FirstRunChecks> {
  return async (force) => {
    const configured = deps.profiles
      .list()
      .flatMap((p) => (p.kind === 'builtin' && p.builtin ? [{ profileId: p.id, name: p.name, baseUrl: p.builtin.baseUrl, hasApiKey: p.builtin.hasApiKey, keyStored: p.builtin.keyStored }] : []));
    const [git, clis, endpoint] = await Promise.all([
      gitCheck(deps.git),
      deps.profiles.detectClis(force),
      detectEndpoint({ env: deps.env, configured, ...(deps.localServers ? { localServers: deps.localServers } : {}) }),
    ]);
    return { git, clis, endpoint };
  };
}

async function gitCheck(git: Pick<GitRunner, 'version'>): Promise<FirstRunChecks['git']> {
  const need = `${MIN_GIT_VERSION.major}.${MIN_GIT_VERSION.minor}`;
  try {
    const v = await git.version();
    if (isSupportedGitVersion(v)) return { ok: true, version: v.text, problem: null };
    return { ok: false, version: v.text, problem: `Switchyard needs git ${need} or newer; this machine has ${v.text}.` };
  } catch (err) {
    return { ok: false, version: null, problem: err instanceof Error ? err.message : `Git ${need} or newer is needed on PATH.` };
  }
}
