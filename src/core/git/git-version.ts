// Parses `git --version` output and knows the oldest git Switchyard supports.

export interface GitVersion {
  major: number;
  minor: number;
  patch: number;
  /** The version as git prints it after `git version `, e.g. `2.39.5` or `2.39.3 (Apple Git-145)`. */
  text: string;
}

/**
 * Oldest supported git, as [major, minor]. 2.38 is the first with `merge-tree --write-tree`, which
 * the merge flow uses to merge without touching any checkout; it also has `worktree add --lock
 * --reason` and `worktree list --porcelain -z`.
 */
export const MIN_GIT_VERSION = { major: 2, minor: 38 } as const;

/** Reads `git version 2.39.5` (also `2.41.0.windows.1`, `2.39.3 (Apple Git-145)`); null if unreadable. */
export function parseGitVersion(output: string): GitVersion | null {
  const line = output.trim().split(/\r?\n/)[0] ?? '';
  const match = /^git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(line);
  if (!match) return null;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3] ?? 0),
    text: line.slice('git version '.length).trim(),
  };
}

export function isSupportedGitVersion(v: Pick<GitVersion, 'major' | 'minor'>): boolean {
  if (v.major !== MIN_GIT_VERSION.major) return v.major > MIN_GIT_VERSION.major;
  return v.minor >= MIN_GIT_VERSION.minor;
}
