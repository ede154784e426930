// Recent repositories, the open one and its branches. Pure functions over the slice.
import type { Repo } from '../../../shared/contract';

export interface BranchList {
  readonly branches: readonly string[];
  readonly current: string | null;
}

export interface ReposSlice {
  /** Most recently opened first. */
  readonly recentRepos: readonly Repo[];
  readonly currentRepo: Repo | null;
  /** Branches of `currentRepo`; null until `repos.branches` answers. */
  readonly branches: BranchList | null;
}

export const initialReposSlice: ReposSlice = { recentRepos: [], currentRepo: null, branches: null };

/** A repository was opened: it becomes current and moves to the top of the recent list. */
export function repoOpened(s: ReposSlice, repo: Repo): ReposSlice {
  return {
    recentRepos: [repo, ...s.recentRepos.filter((r) => r.id !== repo.id)],
    currentRepo: repo,
    branches: s.currentRepo?.id === repo.id ? s.branches : null,
  };
}

export function setBranches(s: ReposSlice, repoId: string, branches: BranchList): ReposSlice {
  if (s.currentRepo?.id !== repoId) return s;
  return { ...s, branches };
}

/** The branch a new thread starts from unless the user picks another. */
export function defaultBaseBranch(s: ReposSlice): string | null {
  return s.branches?.current ?? s.currentRepo?.currentBranch ?? s.branches?.branches[0] ?? null;
}
