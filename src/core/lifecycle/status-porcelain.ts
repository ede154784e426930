// Parses `git status --porcelain=v2 -z` into tracked changes and untracked files, and reads a
// worktree's status without taking its index lock (`--no-optional-locks`).
import { type GitRunner } from '../git/git-runner';

export interface WorktreeStatus {
  /** Tracked paths with staged, unstaged or unmerged changes (renames listed by their new path). */
  tracked: string[];
  /** Untracked, not ignored files (every file, not collapsed folders). */
  untracked: string[];
}

/** Space-separated fields before the path, per v2 record type (see git-status(1), porcelain v2). */
const FIELDS_BEFORE_PATH: Record<string, number> = { '1': 8, '2': 9, u: 10 };

export function parseStatusV2(stdout: string): WorktreeStatus {
  const fields = stdout.split('\0');
  const status: WorktreeStatus = { tracked: [], untracked: [] };
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? '';
    if (field === '' || field.startsWith('#')) continue;
    const type = field[0] ?? '';
    if (type === '?') {
      status.untracked.push(field.slice(2));
      continue;
    }
    const before = FIELDS_BEFORE_PATH[type];
    if (before === undefined) continue; // '!' ignored entries, or a future record type
    let at = 0;
    for (let n = 0; n < before && at !== -1; n++) at = field.indexOf(' ', at + 1);
    if (at === -1) continue;
    status.tracked.push(field.slice(at + 1));
    if (type === '2') i += 1; // a rename's original path follows as its own field
  }
  return status;
}

/** The worktree's tracked changes and untracked files, every untracked file listed. */
export async function readWorktreeStatus(git: GitRunner, worktreePath: string): Promise<WorktreeStatus> {
  const { stdout } = await git.run(['status', '--porcelain=v2', '-z', '--untracked-files=all', '--ignore-submodules=none'], {
    cwd: worktreePath,
    readOnly: true,
  });
  return parseStatusV2(stdout);
}
