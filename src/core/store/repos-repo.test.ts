import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepoId } from '../../shared/ids';
import { closeDatabase, openDatabase } from './database';
import { ReposRepo } from './repos-repo';
import { sampleRepo, tempDbFile, type TempDb } from './test-fixtures';

let tmp: TempDb;
let db: Database.Database;
let repos: ReposRepo;
beforeEach(async () => {
  tmp = tempDbFile();
  db = await openDatabase(tmp.file);
  repos = new ReposRepo(db);
});
afterEach(() => {
  closeDatabase(db);
  tmp.cleanup();
});

describe('ReposRepo', () => {
  it('round-trips a repo exactly, including a null branch', () => {
    const a = sampleRepo(1);
    const b = sampleRepo(2, { currentBranch: null });
    expect(repos.upsertOpened(a)).toEqual(a);
    expect(repos.upsertOpened(b)).toEqual(b);
    expect(repos.get(a.id)).toEqual(a);
    expect(repos.get(b.id)).toEqual(b);
    expect(repos.get('repo-unknown' as RepoId)).toBeNull();
  });

  it('keeps the existing id when the path is already known and updates the rest', () => {
    const first = repos.upsertOpened(sampleRepo(1));
    const again = repos.upsertOpened({
      id: 'repo-newid99' as RepoId,
      path: first.path,
      name: 'renamed',
      currentBranch: null,
      lastOpenedAt: first.lastOpenedAt + 1000,
    });
    expect(again).toEqual({ ...first, name: 'renamed', currentBranch: null, lastOpenedAt: first.lastOpenedAt + 1000 });
    expect(repos.get('repo-newid99' as RepoId)).toBeNull();
    expect(repos.listRecent()).toHaveLength(1);
  });

  it('lists most recently opened first, up to the limit', () => {
    repos.upsertOpened(sampleRepo(1, { lastOpenedAt: 100 }));
    repos.upsertOpened(sampleRepo(2, { lastOpenedAt: 300 }));
    repos.upsertOpened(sampleRepo(3, { lastOpenedAt: 200 }));
    expect(repos.listRecent().map((r) => r.name)).toEqual(['project-2', 'project-3', 'project-1']);
    expect(repos.listRecent(2).map((r) => r.name)).toEqual(['project-2', 'project-3']);
    repos.upsertOpened(sampleRepo(1, { lastOpenedAt: 400 }));
    expect(repos.listRecent(1).map((r) => r.name)).toEqual(['project-1']);
  });
});
