// Opens folders as repositories and remembers them. Validation lives in the git domain's inspector;
// this service only records what was opened.
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Repo } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { RepoId } from '../../shared/ids';
import type { GitRunner } from '../git/git-runner';
import { inspectRepo, listBranches } from '../git/repo-inspector';
import type { ReposRepo } from '../store/repos-repo';
import { newId } from '../ids';
import { slugify } from '../git/branch-names';

export class RepoService {
  constructor(
    private readonly deps: { git: GitRunner; repos: ReposRepo; now: () => number; home?: string },
  ) {}

  async open(path: string): Promise<Repo> {
    await this.deps.git.assertSupported();
    const info = await inspectRepo(this.deps.git, expandHome(path, this.deps.home ?? homedir()));
    return this.deps.repos.upsertOpened({
      id: newId() as RepoId,
      path: info.topLevel,
      name: info.name,
      currentBranch: info.currentBranch,
      lastOpenedAt: this.deps.now(),
    });
  }

  listRecent(): Repo[] {
    return this.deps.repos.listRecent();
  }

  get(id: RepoId): Repo {
    const repo = this.deps.repos.get(id);
    if (!repo) throw new AppError('NOT_FOUND', 'That repository is no longer known to Switchyard. Open it again.');
    return repo;
  }

  async branches(id: RepoId): Promise<{ branches: string[]; current: string | null }> {
    return listBranches(this.deps.git, this.get(id).path);
  }
}

/** Folder name for a repository's worktrees: readable name plus a hash of its path, so two repos never share one. */
export function repoKey(repoPath: string): string {
  const hash = createHash('sha256').update(repoPath).digest('hex').slice(0, 8);
  const base = repoPath.split(/[\\/]/).filter(Boolean).pop() ?? 'repo';
  return `${slugify(base, 24)}-${hash}`;
}

/** `~` and `~/…` name the home folder of the machine the core runs on, as in a shell; other paths are kept. */
export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}
