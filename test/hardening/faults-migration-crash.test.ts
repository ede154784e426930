// Faults: the app dies (SIGKILL, in a child process) while migrating an older database: after the
// backup and inside the migration's transaction. The database stays at the old version with its
// data, the backup exists, and the next start migrates it. A database from a newer Switchyard is
// refused by the real start path and left byte-identical.
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FaultPoint } from '../../src/core/faults';
import { AppError } from '../../src/shared/errors';
import { backupPath, closeDatabase, openDatabase } from '../../src/core/store/database';
import { migrations } from '../../src/core/store/migrations';
import { ReposRepo } from '../../src/core/store/repos-repo';
import { useFaultFixtures } from './support/fault-fixtures';
import { withDb } from './support/host-process';

const fx = useFaultFixtures();

const OLD = migrations.length - 1;

async function oldDatabase(): Promise<{ dataDir: string; file: string }> {
  const data = await fx.dataDir();
  const file = join(data.path, 'switchyard.db');
  const db = await openDatabase(file, { migrations: migrations.slice(0, OLD) });
  new ReposRepo(db).upsertOpened({ id: 'repo-00000001' as never, path: '/srv/project', name: 'project', currentBranch: 'main', lastOpenedAt: 1 });
  closeDatabase(db);
  return { dataDir: data.path, file };
}

describe('crash in the middle of a migration', () => {
  it.each(['migration.backedUp', 'migration.applied'] as const)('at %s: old version and data kept, backup present, the next start migrates', async (point: FaultPoint) => {
    const { dataDir, file } = await oldDatabase();
    const host = fx.host({ scenario: 'open', dataDir, faultAt: point });
    await host.waitFor('fault', (e) => e.point === point);
    expect(await host.exited).toBe('SIGKILL');

    withDb(dataDir, (db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(OLD);
      expect(db.pragma('quick_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT path FROM repos').all()).toEqual([{ path: '/srv/project' }]);
    });
    expect(existsSync(backupPath(file, OLD))).toBe(true);

    const next = await fx.core(dataDir);
    expect((await next.client.call('repos.listRecent', {})).map((r) => r.path)).toEqual(['/srv/project']);
    await next.stop();
    withDb(dataDir, (db) => expect(db.pragma('user_version', { simple: true })).toBe(migrations.length));
  });

  it('refuses a database from a newer Switchyard through the real start path and leaves it byte-identical', async () => {
    const data = await fx.dataDir();
    const file = join(data.path, 'switchyard.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE future (x INTEGER); INSERT INTO future VALUES (42);');
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    const bytes = readFileSync(file);
    const dbFiles = () => readdirSync(data.path).filter((f) => f.startsWith('switchyard.db')).sort();
    const filesBefore = dbFiles();

    for (let attempt = 0; attempt < 2; attempt++) {
      const err = await fx.core(data.path).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('newer Switchyard') as string });
    }
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(dbFiles()).toEqual(filesBefore);
  });
});
