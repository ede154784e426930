// Builds the environment of every agent/shell child from an allowlist (ARCHITECTURE.md §5, reliability.md §7).
// Must never pass the app's secrets on: anything not listed here stays in the app's own process.
import { pickAllowed } from '../env-allowlist';
import { TerminalIdentity } from '../terminals/terminal-constants';

/**
 * Variables copied from the app's environment, each with the reason it is needed:
 * - PATH: finding the agent CLI and the tools it runs.
 * - HOME, USER, LOGNAME: where tools keep config and logins (~/.gitconfig, a CLI's own sign-in), and who runs them.
 * - SHELL: tools that open the user's shell, and the 'shell' profile itself.
 * - LANG, LANGUAGE, LC_* (env-allowlist.ts), TZ: UTF-8 output, messages and timestamps in the user's locale.
 * - TMPDIR: where temporary files go (macOS sets a per-user one).
 * - EDITOR, VISUAL: `git commit` and similar in the user's shell open the user's editor.
 * - XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME, XDG_CACHE_HOME: tools find their config and logins when the
 *   user moved these directories.
 * - DISPLAY, WAYLAND_DISPLAY, XDG_RUNTIME_DIR: a CLI's "sign in" opens a browser. They name sockets any
 *   same-user process could find anyway, so hiding them would protect nothing; the sandbox is what hides them.
 * Deliberately absent: SSH_AUTH_SOCK and GPG_AGENT_INFO (an agent socket is a credential: the app, not the
 * agent, writes and pushes history), HTTP(S)_PROXY (may embed a password), NODE_OPTIONS (injects code into every
 * node child), ELECTRON_* (would turn an Electron-built CLI into a plain Node process), npm_* (npm run's state).
 */
const ALLOWED_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'EDITOR',
  'VISUAL',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_STATE_HOME',
  'XDG_CACHE_HOME',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'XDG_RUNTIME_DIR',
]);

/** Set for every child, after the allowlisted variables. */
const FIXED_VARIABLES: Readonly<Record<string, string>> = {
  TERM: TerminalIdentity.term,
  COLORTERM: TerminalIdentity.colorTerm,
  /** Git in the worktree must not take optional locks (index refresh) that collide with the app's own git reads. */
  GIT_OPTIONAL_LOCKS: '0',
};

/**
 * The child's whole environment: the allowlisted variables of `base`, then TERM, COLORTERM and
 * GIT_OPTIONAL_LOCKS, then `extra` (e.g. SWITCHYARD_RUN_ID, or the one API key a given agent needs), which wins
 * over everything. `extra` is trusted as given: it is the only way a secret reaches a child, on purpose.
 */
export function buildChildEnv(base: NodeJS.ProcessEnv, extra: Record<string, string>): Record<string, string> {
  return { ...pickAllowed(base, ALLOWED_NAMES), ...FIXED_VARIABLES, ...extra };
}
