// Test support for the store: a fresh database file in a temp dir, and sample domain rows.
// Used only by the co-located *.test.ts files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Repo } from '../../shared/contract/repos';
import type { Run } from '../../shared/contract/runs';
import type { Thread } from '../../shared/contract/threads';
import type { ProfileId, RepoId, RunId, ThreadId } from '../../shared/ids';
import { ReposRepo } from './repos-repo';
import { RunsRepo } from './runs-repo';
import { ThreadsRepo } from './threads-repo';

export interface TempDb {
  dir: string;
  file: string;
  cleanup(): void;
}

export function tempDbFile(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-store-'));
  return { dir, file: join(dir, 'switchyard.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The schema version (user_version) stored in a database file, read on a read-only connection of its own. */
export function rawVersion(file: string): number {
  const raw = new Database(file, { readonly: true });
  try {
    return raw.pragma('user_version', { simple: true }) as number;
  } finally {
    raw.close();
  }
}

export function sampleRepo(n = 1, over: Partial<Repo> = {}): Repo {
  return {
    id: `repo-000${n}` as RepoId,
    path: `/home/u/project-${n}`,
    name: `project-${n}`,
    currentBranch: 'main',
    lastOpenedAt: 1_700_000_000_000 + n,
    ...over,
  };
}

export function sampleThread(repoId: RepoId, n = 1, over: Partial<Thread> = {}): Thread {
  return {
    id: `thread-000${n}` as ThreadId,
    repoId,
    repoPath: '',
    prompt: `Fix bug ${n}\nwith details`,
    title: `Fix bug ${n}`,
    baseBranch: 'main',
    baseCommit: 'a'.repeat(40),
    createdAt: 1_700_000_100_000 + n,
    ...over,
  };
}

export function sampleRun(threadId: ThreadId, index: number, over: Partial<Run> = {}): Run {
  return {
    id: `run-${threadId.slice(-4)}-000${index}` as RunId,
    threadId,
    profileId: 'shell' as ProfileId,
    profileName: 'Shell',
    index,
    branch: `switchyard/run${index}-fix-bug`,
    worktreePath: `/data/worktrees/run${index}`,
    status: 'starting',
    exitCode: null,
    failure: null,
    stoppedByUser: false,
    archivedAt: null,
    activity: null,
    usage: null,
    createdAt: 1_700_000_200_000 + index,
    startedAt: null,
    endedAt: null,
    diff: null,
    ...over,
  };
}

/** Inserts one repo and one thread, so runs and turns have parents. */
export function seedThread(db: Database.Database, n = 1): { repo: Repo; thread: Thread } {
  const repo = new ReposRepo(db).upsertOpened(sampleRepo(n));
  const thread = sampleThread(repo.id, n, { repoPath: repo.path });
  new ThreadsRepo(db).insert(thread);
  return { repo, thread };
}

/** Inserts one repo, one thread and `count` runs of it; returns the run ids. */
export function seedRuns(db: Database.Database, count = 3): RunId[] {
  const { thread } = seedThread(db);
  const repo = new RunsRepo(db);
  return Array.from({ length: count }, (_, i) => {
    const run = sampleRun(thread.id, i + 1);
    repo.insert(run);
    return run.id;
  });
}
