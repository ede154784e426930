// Computes a merge off to the side: only new objects (trees, commits) are written; no ref, index
// or checkout changes. Merge and squash use `git merge-tree --write-tree` + `commit-tree`; rebase
// replays each run commit onto the base the same way, keeping its author, date and message.
import { AppError } from '../../shared/errors';
import { type GitRunner } from '../git/git-runner';
import { APP_IDENTITY, commitInfo, identityEnv, isAncestor, type GitIdentity } from '../lifecycle/plumbing';

export type MergeMode = 'merge' | 'squash' | 'rebase';
export const MERGE_MODES: readonly MergeMode[] = ['merge', 'squash', 'rebase'];

export type Computed =
  | { kind: 'computed'; newTip: string }
  | { kind: 'conflict'; files: string[]; atCommit: string | null }
  | { kind: 'nothing-to-merge' };

export interface ComputeRequest {
  repoPath: string;
  oldTip: string;
  runTip: string;
  mode: MergeMode;
  /** Message of the merge or squash commit (unused by rebase, which keeps each commit's message). */
  message: string;
  /** Author and committer of merge/squash commits; committer of rebased ones. */
  identity: GitIdentity;
}

/** Most run commits one rebase replays; each costs four git calls. Beyond it, squash or merge instead. */
export const MAX_REBASE_COMMITS = 500;

export async function computeMerge(git: GitRunner, req: ComputeRequest): Promise<Computed> {
  const { repoPath, oldTip, runTip } = req;
  if (await isAncestor(git, repoPath, runTip, oldTip)) return { kind: 'nothing-to-merge' };
  if (req.mode === 'rebase') return rebase(git, req);

  const merged = await mergeTrees(git, repoPath, oldTip, runTip);
  if (merged.kind === 'conflict') return { kind: 'conflict', files: merged.files, atCommit: null };
  if (req.mode === 'squash' && merged.tree === (await commitInfo(git, repoPath, oldTip)).tree) return { kind: 'nothing-to-merge' };
  const parents = req.mode === 'merge' ? [oldTip, runTip] : [oldTip];
  const newTip = await commitTree(git, repoPath, merged.tree, parents, withNewline(req.message), identityEnv(req.identity));
  return { kind: 'computed', newTip };
}

/**
 * Replays run commits onto the base. When the base has not moved since the run forked
 * (merge-base = base tip), the run's own commits are the result (a fast-forward, hashes kept).
 * Each step is a three-way merge of (parent, current result, commit). git 2.39 has no
 * `merge-tree --merge-base`, so the base is forced by structure: a throw-away commit with the
 * current result's tree whose only parent is the commit's parent makes that parent the one merge
 * base of the pair. Commits that become empty are dropped, as `git rebase` does.
 */
async function rebase(git: GitRunner, req: ComputeRequest): Promise<Computed> {
  const { repoPath, oldTip, runTip } = req;
  const mb = await git.run(['merge-base', oldTip, runTip], { cwd: repoPath, readOnly: true, allowedExitCodes: [0, 1] });
  if (mb.code !== 0) throw new AppError('GIT_FAILED', 'The run shares no history with the base branch, so it cannot be rebased onto it.');
  if (mb.stdout.trim() === oldTip) return { kind: 'computed', newTip: runTip };

  const list = await git.run(['rev-list', '--reverse', '--topo-order', '--parents', runTip, '--not', oldTip], { cwd: repoPath, readOnly: true });
  const commits = list.stdout.split('\n').filter((l) => l !== '').map((l) => l.split(' '));
  if (commits.length > MAX_REBASE_COMMITS) {
    throw new AppError('LIMIT_EXCEEDED', `The run has ${commits.length} commits; rebase replays at most ${MAX_REBASE_COMMITS}. Squash or merge it instead.`);
  }
  if (commits.some((c) => c.length !== 2)) {
    throw new AppError('UNSUPPORTED', 'The run branch contains merge commits, which rebase would flatten. Merge or squash it instead.');
  }
  let current = oldTip;
  let currentTree = (await commitInfo(git, repoPath, oldTip)).tree;
  for (const [commit = '', parent = ''] of commits) {
    const stand = await commitTree(git, repoPath, currentTree, [parent], 'switchyard: rebase step\n', identityEnv(APP_IDENTITY));
    const merged = await mergeTrees(git, repoPath, stand, commit);
    if (merged.kind === 'conflict') return { kind: 'conflict', files: merged.files, atCommit: commit };
    if (merged.tree === currentTree) continue;
    const original = await commitInfo(git, repoPath, commit);
    const author = parseAuthor(original.raw);
    const env = { ...identityEnv(req.identity), GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_AUTHOR_DATE: author.date };
    current = await commitTree(git, repoPath, merged.tree, [current], messageOf(original.raw), env);
    currentTree = merged.tree;
  }
  return current === oldTip ? { kind: 'nothing-to-merge' } : { kind: 'computed', newTip: current };
}

type TreeMerge = { kind: 'clean'; tree: string } | { kind: 'conflict'; files: string[] };

/** `git merge-tree --write-tree --name-only -z --no-messages`: exit 0 clean, exit 1 conflicts (then the files follow the tree). */
async function mergeTrees(git: GitRunner, repoPath: string, ours: string, theirs: string): Promise<TreeMerge> {
  const r = await git.run(['merge-tree', '--write-tree', '--name-only', '-z', '--no-messages', ours, theirs], {
    cwd: repoPath,
    allowedExitCodes: [0, 1],
  });
  const [tree = '', ...rest] = r.stdout.split('\0');
  if (r.code === 0) return { kind: 'clean', tree };
  return { kind: 'conflict', files: [...new Set(rest.filter((f) => f !== ''))] };
}

async function commitTree(git: GitRunner, repoPath: string, tree: string, parents: string[], message: string, env: Record<string, string>): Promise<string> {
  const args = ['commit-tree', '--no-gpg-sign', tree];
  for (const p of parents) args.push('-p', p);
  const { stdout } = await git.run(args, { cwd: repoPath, env, input: message });
  return stdout.trim();
}

/** Author of a raw commit object: name, email and the date in git's internal format (`<secs> <tz>`). */
export function parseAuthor(raw: string): { name: string; email: string; date: string } {
  const header = raw.slice(0, raw.indexOf('\n\n'));
  const m = /^author (.*) <([^>]*)> (\d+ [+-]\d{4})$/m.exec(header);
  if (!m) throw new AppError('GIT_FAILED', 'A run commit has no readable author line.');
  return { name: m[1] ?? '', email: m[2] ?? '', date: m[3] ?? '' };
}

/** The message of a raw commit object, exactly as stored. */
export function messageOf(raw: string): string {
  const at = raw.indexOf('\n\n');
  return at === -1 ? '' : raw.slice(at + 2);
}

function withNewline(message: string): string {
  return message.endsWith('\n') ? message : `${message}\n`;
}
