import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunId, ThreadId } from '../../shared/ids';
import { closeDatabase, openDatabase } from './database';
import { RunsRepo } from './runs-repo';
import { sampleRun, seedThread, tempDbFile, type TempDb } from './test-fixtures';
import { TurnsRepo, type Turn } from './turns-repo';

let tmp: TempDb;
let db: Database.Database;
let turns: TurnsRepo;
beforeEach(async () => {
  tmp = tempDbFile();
  db = await openDatabase(tmp.file);
  turns = new TurnsRepo(db);
});
afterEach(() => {
  closeDatabase(db);
  tmp.cleanup();
});

describe('TurnsRepo', () => {
  it('round-trips turns to all runs (runId null) and to one run, oldest first', () => {
    const { thread } = seedThread(db);
    const run = sampleRun(thread.id, 1);
    new RunsRepo(db).insert(run);
    const first: Turn = { id: 'turn-1', threadId: thread.id, runId: null, prompt: 'initial 🚀', createdAt: 10 };
    const second: Turn = { id: 'turn-2', threadId: thread.id, runId: run.id, prompt: 'follow up', createdAt: 20 };
    const third: Turn = { id: 'turn-3', threadId: thread.id, runId: null, prompt: 'same time', createdAt: 20 };
    turns.insert(second);
    turns.insert(first);
    turns.insert(third);
    expect(turns.listByThread(thread.id)).toEqual([first, second, third]);
    expect(turns.listByThread('thread-other' as ThreadId)).toEqual([]);
  });

  it('refuses a turn for an unknown run', () => {
    const { thread } = seedThread(db);
    const bad: Turn = { id: 'turn-x', threadId: thread.id, runId: 'run-missing' as RunId, prompt: 'p', createdAt: 1 };
    expect(() => turns.insert(bad)).toThrow(/FOREIGN KEY/);
  });
});
