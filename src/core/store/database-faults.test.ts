// openDatabase's fault-injection seam: 'migration.backedUp' fires after the backup and before any
// migration, 'migration.applied' inside a migration's transaction (so a crash there commits nothing).
// A throwing hook stands in for the crash; the hardening suite SIGKILLs a real process instead.
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultPoint } from '../faults';
import { backupPath, closeDatabase, openDatabase } from './database';
import { migrations, type Migration } from './migrations';
import { rawVersion, tempDbFile, type TempDb } from './test-fixtures';

const older = migrations.slice(0, -1);

let tmp: TempDb;
beforeEach(async () => {
  tmp = tempDbFile();
  closeDatabase(await openDatabase(tmp.file, { migrations: older }));
});
afterEach(() => tmp.cleanup());

describe('migration fault points', () => {
  it('fires migration.backedUp once, then migration.applied for each pending migration', async () => {
    const seen: FaultPoint[] = [];
    closeDatabase(await openDatabase(tmp.file, { onFault: (p) => seen.push(p) }));
    expect(seen).toEqual(['migration.backedUp', 'migration.applied']);
    expect(rawVersion(tmp.file)).toBe(migrations.length);
  });

  it.each(['migration.backedUp', 'migration.applied'] as const)('a crash at %s leaves the old version and a backup; the next open migrates', async (at) => {
    const onFault = (p: FaultPoint) => {
      if (p === at) throw new Error(`crash at ${p}`);
    };
    await expect(openDatabase(tmp.file, { onFault })).rejects.toThrow(`crash at ${at}`);
    expect(rawVersion(tmp.file)).toBe(older.length);
    expect(existsSync(backupPath(tmp.file, older.length))).toBe(true);
    const db = await openDatabase(tmp.file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    closeDatabase(db);
  });

  it('fires no point for a new database beyond one migration.applied per migration', async () => {
    const fresh = tempDbFile();
    const seen: FaultPoint[] = [];
    const list: Migration[] = migrations.slice(0, 2);
    closeDatabase(await openDatabase(fresh.file, { migrations: list, onFault: (p) => seen.push(p) }));
    fresh.cleanup();
    expect(seen).toEqual(['migration.applied', 'migration.applied']);
  });
});
