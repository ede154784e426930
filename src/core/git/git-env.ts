// The environment of every git the app runs for itself (GitRunner): an allowlist of what git needs, so
// the app's secrets (API keys, tokens, cloud credentials) never reach git or anything git starts
// (hooks are off, but config can still name programs: credential helpers, ssh, diff drivers).
import { pickAllowed } from '../env-allowlist';

/**
 * Variables git reads, each with why it is kept:
 * - PATH: git finds its own helpers and any program its config names.
 * - HOME, XDG_CONFIG_HOME: the user's ~/.gitconfig and $XDG_CONFIG_HOME/git/config (identity, safe.directory).
 * - USER, LOGNAME, EMAIL: git's fallback identity when user.name/user.email are not configured.
 * - LANG, LANGUAGE, LC_* (env-allowlist.ts): the locale (the runner then forces LC_ALL=C for parseable output).
 * - TZ: the time zone recorded in commit dates.
 * - TMPDIR: where git writes temporary files.
 * - SSH_AUTH_SOCK: a socket path, not a secret; kept so a future fetch over ssh keeps working.
 * - SYSTEMROOT, WINDIR, COMSPEC, PATHEXT, USERPROFILE, HOMEDRIVE, HOMEPATH, APPDATA: what Git for
 *   Windows needs to start and find its config there.
 */
const ALLOWED_NAMES = new Set([
  'PATH',
  'HOME',
  'XDG_CONFIG_HOME',
  'USER',
  'LOGNAME',
  'EMAIL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'SSH_AUTH_SOCK',
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'HOMEDRIVE',
  'HOMEPATH',
  'APPDATA',
  // Git's own variables that choose config, identity and helper programs (git help environment).
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_AUTHOR_DATE',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'GIT_COMMITTER_DATE',
  'GIT_EXEC_PATH',
  'GIT_TEMPLATE_DIR',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_ATTR_NOSYSTEM',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_SSH_VARIANT',
]);

/**
 * git's whole environment: the allowlisted variables of `base`, then `extra` (what one command sets,
 * e.g. GIT_INDEX_FILE or an identity), then `fixed` (what the runner always forces). Variables that
 * would point git at another repository (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, …, set when the app
 * is started from a git hook) are not in the allowlist, so they never leak in from `base`.
 */
export function buildGitEnv(base: NodeJS.ProcessEnv, extra: Record<string, string> = {}, fixed: Record<string, string> = {}): Record<string, string> {
  return { ...pickAllowed(base, ALLOWED_NAMES, process.platform === 'win32'), ...extra, ...fixed };
}
