// Commits a finished run's uncommitted and untracked work onto its own branch, as the app: agents
// edit files, Switchyard writes history. Hooks never run (GitRunner disables them).
import type { GitRunner } from '../git/git-runner';
import { identityEnv, userIdentity } from '../lifecycle/plumbing';

/** Commits everything in the worktree (if anything changed); returns the new commit, or null when clean. */
export async function commitRunWork(git: GitRunner, req: { repoPath: string; worktreePath: string; message: string }): Promise<string | null> {
  const status = await git.run(['status', '--porcelain=v1', '-z', '--untracked-files=all'], { cwd: req.worktreePath });
  if (status.stdout.length === 0) return null;
  const author = await userIdentity(git, req.repoPath);
  const env = identityEnv(author);
  await git.run(['add', '-A'], { cwd: req.worktreePath, env });
  await git.run(['commit', '--no-verify', '--no-gpg-sign', '-q', '-m', req.message], { cwd: req.worktreePath, env });
  const head = await git.run(['rev-parse', 'HEAD'], { cwd: req.worktreePath, readOnly: true });
  return head.stdout.trim();
}
