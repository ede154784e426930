// Start-up reconciliation of run rows with `git worktree list --porcelain -z` and the worktree
// root on disk. Reports drift as data; never deletes a folder and never re-creates a worktree.
// The one repair it makes: dropping git's record of an owned run worktree whose folder is gone
// (see pruneMissingWorktree for why that is safe), so the run can later be restored or deleted.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { type GitRunner } from '../git/git-runner';
import { isStrictlyInside, listWorktrees, realpathOrNull } from './plumbing';
import { pruneMissingWorktree } from './worktree-prune';

export interface ReconcileRun {
  runId: string;
  worktreePath: string;
  branch: string;
  /** Archived on purpose: its folder is expected to be gone, but it still owns its path. */
  archived?: boolean;
}

export interface ReconcileRepo {
  repoPath: string;
  runs: ReconcileRun[];
}

/**
 * `repo-missing` (beyond the four kinds asked for): the repository itself cannot be read, so its
 * runs could not be checked at all.
 */
export type DriftKind = 'worktree-missing' | 'not-registered' | 'unknown-worktree-in-root' | 'branch-missing' | 'repo-missing';

export interface Drift {
  /** The run the drift is about; null for a folder or worktree no run owns. */
  runId: string | null;
  kind: DriftKind;
  path: string;
  repoPath: string | null;
  /** One sentence for the user. */
  message: string;
}

export interface ReconcileReport {
  drift: Drift[];
  /** Owned, missing worktrees whose stale git registration was dropped. */
  pruned: Array<{ runId: string; path: string }>;
}

/**
 * Checks every repository's runs, then scans `<worktreeRoot>/<repo-key>/<run>` (the allocator's
 * layout) for folders no row owns. Pass ALL rows of all repositories: ownership is global.
 */
export async function reconcileWorktrees(git: GitRunner, req: { worktreeRoot: string; repos: ReconcileRepo[] }): Promise<ReconcileReport> {
  const report: ReconcileReport = { drift: [], pruned: [] };
  const root = (await realpathOrNull(req.worktreeRoot)) ?? path.resolve(req.worktreeRoot);
  const owned = new Set<string>();
  for (const repo of req.repos) {
    for (const run of repo.runs) {
      owned.add(path.resolve(run.worktreePath));
      const real = await realpathOrNull(run.worktreePath);
      if (real) owned.add(real);
    }
  }
  const isOwned = (p: string): boolean => owned.has(path.resolve(p));
  const reported = new Set<string>();
  for (const repo of req.repos) await reconcileRepo(git, repo, root, isOwned, report, reported);
  await scanRoot(root, isOwned, reported, report);
  return report;
}

async function reconcileRepo(
  git: GitRunner, repo: ReconcileRepo, root: string, isOwned: (p: string) => boolean, report: ReconcileReport, reported: Set<string>,
): Promise<void> {
  const entries = await listWorktrees(git, repo.repoPath).catch(() => null);
  if (!entries) {
    for (const run of repo.runs) {
      report.drift.push({ runId: run.runId, kind: 'repo-missing', path: run.worktreePath, repoPath: repo.repoPath, message: `The repository ${repo.repoPath} of run ${run.runId} cannot be opened, so its worktree was not checked.` });
    }
    return;
  }
  const refs = await git.run(['for-each-ref', '--format=%(refname)', 'refs/heads/'], { cwd: repo.repoPath, readOnly: true });
  const branches = new Set(refs.stdout.split('\n').filter((r) => r !== '').map((r) => r.slice('refs/heads/'.length)));
  const linked = entries.slice(1);
  const byPath = new Map(linked.map((e) => [path.resolve(e.path), e] as const));

  for (const run of repo.runs) {
    const at = path.resolve(run.worktreePath);
    const drift = (kind: DriftKind, message: string): void => {
      report.drift.push({ runId: run.runId, kind, path: at, repoPath: repo.repoPath, message });
    };
    if (!branches.has(run.branch)) drift('branch-missing', `The branch ${run.branch} of run ${run.runId} no longer exists.`);
    if (run.archived) continue;
    const real = await realpathOrNull(at);
    const entry = byPath.get(at) ?? (real ? byPath.get(real) : undefined);
    if (!real) {
      drift('worktree-missing', `The worktree folder of run ${run.runId} is gone (${at}); Switchyard did not re-create it. Restore or delete the run.`);
      if (entry && entry.branch === run.branch && isStrictlyInside(at, root)) {
        const ok = await pruneMissingWorktree(git, { repoPath: repo.repoPath, worktreePath: at, worktreeRoot: root, isOwned, branch: run.branch }).then(
          () => true,
          () => false,
        );
        if (ok) report.pruned.push({ runId: run.runId, path: at });
      }
    } else if (!entry) {
      drift('not-registered', `The folder ${at} of run ${run.runId} exists, but git no longer lists it as a worktree of ${repo.repoPath}; Switchyard left it as it is.`);
    }
  }

  for (const entry of linked) {
    const at = path.resolve(entry.path);
    const real = (await realpathOrNull(at)) ?? at;
    if (isStrictlyInside(real, root) && !isOwned(at) && !isOwned(real)) {
      reported.add(at).add(real);
      report.drift.push({ runId: null, kind: 'unknown-worktree-in-root', path: at, repoPath: repo.repoPath, message: unknownMessage(at) });
    }
  }
}

/** Reports folders two levels down in the root (`<repo-key>/<run>`) that no row owns; reads only. */
async function scanRoot(root: string, isOwned: (p: string) => boolean, reported: Set<string>, report: ReconcileReport): Promise<void> {
  const flag = (at: string): void => {
    if (isOwned(at) || reported.has(at)) return;
    reported.add(at);
    report.drift.push({ runId: null, kind: 'unknown-worktree-in-root', path: at, repoPath: null, message: unknownMessage(at) });
  };
  for (const repoDir of await listDirs(root)) {
    if (isOwned(repoDir.path)) continue;
    if (repoDir.isLink) flag(repoDir.path); // never followed
    else for (const runDir of await listDirs(repoDir.path)) flag(runDir.path);
  }
}

/** Folders and symbolic links directly in dir (symlinks are listed, never followed). */
async function listDirs(dir: string): Promise<Array<{ path: string; isLink: boolean }>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: Array<{ path: string; isLink: boolean }> = [];
  for (const name of names.sort()) {
    const full = path.join(dir, name);
    const info = await lstat(full).catch(() => null);
    if (info && (info.isDirectory() || info.isSymbolicLink())) out.push({ path: full, isLink: info.isSymbolicLink() });
  }
  return out;
}

function unknownMessage(at: string): string {
  return `${at} is in Switchyard's worktree folder but no run owns it; Switchyard left it untouched.`;
}
