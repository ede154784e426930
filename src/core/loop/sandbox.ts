// Bubblewrap for the built-in agent's commands (reliability.md §2): detects whether bwrap works here (installed,
// and allowed to create namespaces), and builds the argv that runs one command with the worktree writable, its
// .git read-only, secret folders hidden, no network unless allowed, and nothing outliving the app.
import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { SandboxLimits } from './loop-constants';
import { OutputCapture, runBounded } from './tools/child-process';

export interface SandboxStatus {
  available: boolean;
  /** Why not, in words for the settings screen and the run card; absent when available. */
  reason?: string;
  /** `bwrap --version` output, when it ran. */
  version?: string;
}

/** How commands are sandboxed; null in the tool host means "run without a sandbox". */
export interface SandboxPolicy {
  /** The bwrap executable (a name on PATH or an absolute path). */
  bwrapPath: string;
  /** Allow network access (off by default: the network is how a secret would leave). */
  network: boolean;
  /** The user's home, whose secret folders are hidden. */
  homeDir: string;
  /** Sockets folder of the user's session ($XDG_RUNTIME_DIR: keyring, ssh-agent, D-Bus), hidden when given. */
  runtimeDir?: string;
  /** More paths to hide, e.g. the app's data folder (other runs' worktrees, the database). */
  extraHiddenPaths?: string[];
}

/**
 * Paths under $HOME that hold credentials: empty folders (tmpfs) or an empty file (/dev/null) are mounted over
 * them. SSH, cloud CLIs, container and cluster logins, package-registry tokens, git credentials, GPG, password
 * stores and keyrings, browser profiles (cookies), and the agent CLIs' own logins.
 */
export const HIDDEN_HOME_PATHS = [
  '.ssh', '.gnupg', '.aws', '.azure', '.config/gcloud', '.kube', '.docker', '.netrc', '.npmrc', '.pypirc',
  '.git-credentials', '.config/gh', '.config/hub', '.password-store', '.local/share/keyrings', '.mozilla',
  '.config/google-chrome', '.config/chromium', '.codex', '.claude', '.claude.json', '.config/gemini', '.gemini',
];

/** Sockets outside $HOME that grant far more than the worktree: a Docker socket is root on the host. */
export const HIDDEN_SYSTEM_PATHS = ['/var/run/docker.sock', '/run/docker.sock', '/run/podman/podman.sock'];

/**
 * Checks that bwrap runs and can create the namespaces we use, by running `true` inside the same kind of
 * sandbox as a real command. Run it once at start-up and show `reason` where the sandbox setting is.
 */
export async function detectSandbox(opts: { bwrapPath?: string; env?: Record<string, string>; platform?: NodeJS.Platform } = {}): Promise<SandboxStatus> {
  if ((opts.platform ?? process.platform) !== 'linux') {
    return { available: false, reason: "The sandbox uses bubblewrap, which exists only on Linux, so the agent's commands run without one here." };
  }
  const bwrap = opts.bwrapPath ?? 'bwrap';
  const env = opts.env ?? { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const version = await probe(bwrap, ['--version'], env);
  if (version.spawnError === 'ENOENT') {
    return { available: false, reason: "Bubblewrap (bwrap) is not installed, so the agent's commands run without a sandbox; install the 'bubblewrap' package to turn it on." };
  }
  if (version.spawnError !== null) {
    return { available: false, reason: `Bubblewrap at ${bwrap} could not be started (${version.spawnError}), so the agent's commands run without a sandbox.` };
  }
  const versionText = version.output.trim();
  const args = [...namespaceFlags(false), '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--', 'true'];
  const run = await probe(bwrap, args, env);
  if (run.exitCode === 0) return { available: true, version: versionText };
  if (run.timedOut) return { available: false, reason: `Bubblewrap did not finish its self-test within ${SandboxLimits.probeTimeoutMs / 1000} s, so the agent's commands run without a sandbox.`, version: versionText };
  const firstLine = run.output.split('\n').find((line) => line.trim() !== '')?.trim() ?? `exit code ${run.exitCode}`;
  if (/namespace|permission|not permitted|uid map|setting up/i.test(firstLine)) {
    return {
      available: false,
      reason: `This system does not let bubblewrap create namespaces (common inside containers, or with unprivileged user namespaces turned off), so the agent's commands run without a sandbox. bwrap said: ${firstLine}`,
      version: versionText,
    };
  }
  return { available: false, reason: `Bubblewrap failed its self-test (${firstLine}), so the agent's commands run without a sandbox.`, version: versionText };
}

/** The flags every sandboxed command gets; `--new-session` is right for these non-interactive commands (§2.4). */
function namespaceFlags(network: boolean): string[] {
  return [
    // No capabilities inside, even when the app runs as root (which would otherwise let `mount -o remount,rw /` undo it all).
    '--cap-drop', 'ALL',
    '--die-with-parent', '--unshare-pid', '--unshare-ipc', '--unshare-uts',
    ...(network ? [] : ['--unshare-net']),
    '--new-session',
  ];
}

/**
 * `bwrap … -- <command…>` for one command in `worktree` (a realpath); run it with fd 3 a pipe (--info-fd 3). Later mounts win, so the order matters:
 * read-only root, fresh /dev /proc /tmp, secrets hidden, the git dirs read-only (they may live under /tmp or a hidden
 * path), the worktree writable, and last its `.git` (a checkout's folder or a linked worktree's file) read-only again.
 */
export async function buildSandboxArgv(policy: SandboxPolicy, worktree: string, command: string[]): Promise<{ file: string; args: string[] }> {
  const git = await gitPathsOf(worktree);
  const hidden = [
    ...HIDDEN_HOME_PATHS.map((rel) => path.join(policy.homeDir, rel)),
    ...HIDDEN_SYSTEM_PATHS,
    ...(policy.runtimeDir ? [policy.runtimeDir] : []),
    ...(policy.extraHiddenPaths ?? []),
  ];
  const args = [...namespaceFlags(policy.network), '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'];
  for (const target of hidden) args.push(...(await hideArgs(target)));
  for (const dir of git.readOnlyDirs) args.push('--ro-bind', dir, dir);
  args.push('--bind', worktree, worktree);
  if (git.dotGit) args.push('--ro-bind', git.dotGit, git.dotGit);
  // --info-fd 3: bwrap reports its sandbox init's pid there, which is how a stop reaches the sandbox (group-stop.ts).
  args.push('--info-fd', '3', '--setenv', 'TMPDIR', '/tmp', '--chdir', worktree, '--', ...command);
  return { file: policy.bwrapPath, args };
}

/**
 * The mount that hides one path, or nothing when it does not exist. Hiding a folder that contains the worktree
 * (the app's data folder) is fine: the worktree and git binds come later and punch through the empty tmpfs.
 */
async function hideArgs(target: string): Promise<string[]> {
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    return [];
  }
  const info = await lstat(real);
  return info.isDirectory() ? ['--tmpfs', real] : ['--ro-bind', '/dev/null', real];
}

export interface GitPaths {
  /** `<worktree>/.git`, folder or file, when present. */
  dotGit: string | null;
  /** The worktree's git dir and the common dir (realpaths, deduplicated) when they lie outside the worktree. */
  readOnlyDirs: string[];
}

/** Finds the git dirs of a worktree from its `.git` (a folder, or a file `gitdir: <path>`) without running git. */
export async function gitPathsOf(worktree: string): Promise<GitPaths> {
  const dotGit = path.join(worktree, '.git');
  let info;
  try {
    info = await lstat(dotGit);
  } catch {
    return { dotGit: null, readOnlyDirs: [] };
  }
  if (!info.isFile()) return { dotGit, readOnlyDirs: [] };
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(await readFile(dotGit, 'utf8'));
  if (!match?.[1]) return { dotGit, readOnlyDirs: [] };
  const dirs: string[] = [];
  const gitDir = await realpath(path.resolve(worktree, match[1])).catch(() => null);
  if (gitDir) {
    dirs.push(gitDir);
    const common = await readFile(path.join(gitDir, 'commondir'), 'utf8').catch(() => null);
    const commonDir = common === null ? null : await realpath(path.resolve(gitDir, common.trim())).catch(() => null);
    if (commonDir && !dirs.includes(commonDir)) dirs.unshift(commonDir);
  }
  return { dotGit, readOnlyDirs: dirs };
}

async function probe(file: string, args: string[], env: Record<string, string>) {
  const capture = new OutputCapture(2_000, 2_000);
  const result = await runBounded({
    file,
    args,
    cwd: '/',
    env,
    timeoutMs: SandboxLimits.probeTimeoutMs,
    signal: new AbortController().signal,
    capture,
  });
  return { ...result, output: capture.text() };
}
