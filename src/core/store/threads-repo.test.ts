import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepoId, ThreadId } from '../../shared/ids';
import { closeDatabase, openDatabase } from './database';
import { ReposRepo } from './repos-repo';
import { ThreadsRepo } from './threads-repo';
import { sampleRepo, sampleThread, tempDbFile, type TempDb } from './test-fixtures';

let tmp: TempDb;
let db: Database.Database;
let threads: ThreadsRepo;
beforeEach(async () => {
  tmp = tempDbFile();
  db = await openDatabase(tmp.file);
  threads = new ThreadsRepo(db);
});
afterEach(() => {
  closeDatabase(db);
  tmp.cleanup();
});

describe('ThreadsRepo', () => {
  it('round-trips a thread, filling repoPath from its repository', () => {
    const repo = new ReposRepo(db).upsertOpened(sampleRepo(1));
    const { repoPath: _ignored, ...row } = sampleThread(repo.id, 1, { prompt: 'Ünïcode 🚀\nline two' });
    threads.insert(row);
    expect(threads.get(row.id)).toEqual({ ...row, repoPath: repo.path });
    expect(threads.get('thread-unknown' as ThreadId)).toBeNull();
  });

  it('refuses a thread of an unknown repository', () => {
    expect(() => threads.insert(sampleThread('repo-missing' as RepoId))).toThrow(/FOREIGN KEY/);
  });

  it('lists newest first, and only one repository when asked', () => {
    const reposRepo = new ReposRepo(db);
    const r1 = reposRepo.upsertOpened(sampleRepo(1));
    const r2 = reposRepo.upsertOpened(sampleRepo(2));
    threads.insert(sampleThread(r1.id, 1, { createdAt: 100 }));
    threads.insert(sampleThread(r2.id, 2, { createdAt: 300 }));
    threads.insert(sampleThread(r1.id, 3, { createdAt: 200 }));
    threads.insert(sampleThread(r1.id, 4, { createdAt: 200 })); // same time: the later insert first

    expect(threads.list().map((t) => t.id)).toEqual(['thread-0002', 'thread-0004', 'thread-0003', 'thread-0001']);
    expect(threads.list(r1.id).map((t) => t.id)).toEqual(['thread-0004', 'thread-0003', 'thread-0001']);
    expect(threads.list(r2.id).map((t) => [t.id, t.repoPath])).toEqual([['thread-0002', r2.path]]);
    expect(threads.list('repo-none000' as RepoId)).toEqual([]);
  });
});
