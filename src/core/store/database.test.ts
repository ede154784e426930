import { existsSync, readFileSync, readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { backupPath, closeDatabase, openDatabase } from './database';
import { migrations, type Migration } from './migrations';
import { ReposRepo } from './repos-repo';
import { rawVersion, sampleRepo, tempDbFile, type TempDb } from './test-fixtures';

const [m1] = migrations as [Migration];
const addColorColumn: Migration = {
  version: 2,
  name: 'repo colors',
  up: (db) => db.exec('ALTER TABLE repos ADD COLUMN color TEXT'),
};
const failingV2: Migration = {
  version: 2,
  name: 'broken',
  up: (db) => {
    db.exec('CREATE TABLE half_done (x INTEGER)');
    throw new Error('boom');
  },
};

function tableNames(db: Database.Database): string[] {
  const rows = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all();
  return rows.map((r) => r.name);
}

let tmp: TempDb;
beforeEach(() => {
  tmp = tempDbFile();
});
afterEach(() => tmp.cleanup());

describe('openDatabase', () => {
  it('creates the schema from scratch at the latest version, without a backup', async () => {
    const db = await openDatabase(tmp.file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(tableNames(db)).toEqual(['agent_profiles', 'check_results', 'merges', 'profiles', 'repos', 'review_marks', 'run_processes', 'run_screens', 'runs', 'threads', 'transcript_chunks', 'transcript_cuts', 'turns']);
    closeDatabase(db);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });

  it('sets WAL, synchronous=FULL, foreign keys and the busy timeout', async () => {
    const db = await openDatabase(tmp.file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    closeDatabase(db);
    closeDatabase(db); // twice is harmless
  });

  it('backs up an older database, keeps the backup, then migrates it', async () => {
    const v1 = await openDatabase(tmp.file, { migrations: [m1] });
    new ReposRepo(v1).upsertOpened(sampleRepo(1));
    closeDatabase(v1);

    const db = await openDatabase(tmp.file, { migrations: [m1, addColorColumn] });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT path, color FROM repos').all()).toEqual([{ path: sampleRepo(1).path, color: null }]);
    closeDatabase(db);

    const bak = backupPath(tmp.file, 1);
    expect(bak).toBe(`${tmp.file}.v1.bak`);
    expect(existsSync(bak)).toBe(true);
    expect(rawVersion(bak)).toBe(1);
    const old = new Database(bak, { readonly: true });
    expect(old.prepare('SELECT count(*) AS n FROM repos').get()).toEqual({ n: 1 });
    old.close();
  });

  it.each(['wal', 'delete'])('refuses a newer database (%s journal) and leaves it byte-identical', async (mode) => {
    const raw = new Database(tmp.file);
    raw.pragma(`journal_mode = ${mode}`);
    raw.exec('CREATE TABLE future (x INTEGER); INSERT INTO future VALUES (42);');
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    const before = readFileSync(tmp.file);
    const filesBefore = readdirSync(tmp.dir);

    const err = await openDatabase(tmp.file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: 'UNSUPPORTED',
      message:
        `This database was written by a newer Switchyard (schema v${migrations.length + 1}; this version knows up to v${migrations.length}). ` +
        'Update Switchyard, or move the file aside.',
    });
    expect(readFileSync(tmp.file).equals(before)).toBe(true);
    expect(readdirSync(tmp.dir)).toEqual(filesBefore);
  });

  it('leaves the database at the old version when a migration throws, and a retry succeeds', async () => {
    closeDatabase(await openDatabase(tmp.file, { migrations: [m1] }));

    const err = await openDatabase(tmp.file, { migrations: [m1, failingV2] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'INTERNAL' });
    expect((err as Error).message).toContain('schema v2 (broken): boom');
    expect(rawVersion(tmp.file)).toBe(1);
    const check = new Database(tmp.file, { readonly: true });
    expect(tableNames(check)).not.toContain('half_done');
    check.close();

    const db = await openDatabase(tmp.file, { migrations: [m1, addColorColumn] });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    closeDatabase(db);
    expect(existsSync(backupPath(tmp.file, 1))).toBe(true);
  });

  it('rejects a migration list with a gap', async () => {
    await expect(openDatabase(tmp.file, { migrations: [m1, { ...addColorColumn, version: 3 }] })).rejects.toThrow(
      /expected 2/,
    );
  });

  it('enforces foreign keys', async () => {
    const db = await openDatabase(tmp.file);
    expect(() =>
      db
        .prepare(
          `INSERT INTO threads (id, repo_id, prompt, title, base_branch, base_commit, created_at)
           VALUES ('thread-x1', 'no-such-repo', 'p', 't', 'main', 'c', 1)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    closeDatabase(db);
  });
});
