// Parses `git worktree list --porcelain -z`: one NUL-terminated field per attribute, an empty
// field between worktrees. Paths are raw bytes (no quoting), so any file name round-trips.

export interface WorktreeEntry {
  path: string;
  /** Commit checked out; null for a bare entry or an unborn branch. */
  head: string | null;
  /** Short branch name (without refs/heads/); null when detached or bare. */
  branch: string | null;
  locked: boolean;
  /** Git considers the registration stale (its folder is gone); `git worktree prune` would drop it. */
  prunable: boolean;
}

const HEADS = 'refs/heads/';

export function parseWorktreeList(stdout: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | null = null;
  const flush = (): void => {
    if (current) entries.push(current);
    current = null;
  };
  for (const field of stdout.split('\0')) {
    if (field === '') {
      flush();
      continue;
    }
    const space = field.indexOf(' ');
    const key = space === -1 ? field : field.slice(0, space);
    const value = space === -1 ? '' : field.slice(space + 1);
    if (key === 'worktree') {
      flush();
      current = { path: value, head: null, branch: null, locked: false, prunable: false };
      continue;
    }
    if (!current) continue;
    const entry: WorktreeEntry = current;
    if (key === 'HEAD') entry.head = /^0+$/.test(value) ? null : value;
    else if (key === 'branch') entry.branch = value.startsWith(HEADS) ? value.slice(HEADS.length) : value;
    else if (key === 'locked') entry.locked = true;
    else if (key === 'prunable') entry.prunable = true;
  }
  flush();
  return entries;
}
