// Opens the one SQLite connection of the core: durability pragmas, downgrade refusal, a backup
// before upgrading an existing database, then each pending migration in its own transaction.
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { FaultHook } from '../faults';
import { migrations as defaultMigrations, type Migration } from './migrations';

/** How long a statement waits on a locked database before SQLITE_BUSY, in ms. Covers a checkpoint or a backup. */
export const BUSY_TIMEOUT_MS = 5000;
/** Size the WAL file is truncated back to after a checkpoint, in bytes (64 MiB): bounds disk use after a burst. */
export const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export interface OpenDatabaseOptions {
  /** The schema migrations to apply; defaults to the real ones. Tests pass their own lists. */
  migrations?: Migration[];
  /** Fault-injection seam (tests only): called after the backup and inside each migration's transaction. */
  onFault?: FaultHook;
}

/** Path of the copy written before migrating a database that is at schema `version`. */
export function backupPath(file: string, version: number): string {
  return `${file}.v${version}.bak`;
}

/**
 * Opens (or creates) the database at `file` and brings its schema up to date.
 * Refuses, untouched, a database written by a newer Switchyard. Async because it may take a backup.
 */
export async function openDatabase(file: string, opts: OpenDatabaseOptions = {}): Promise<Database.Database> {
  const list = checkedMigrations(opts.migrations ?? defaultMigrations);
  const latest = list.length;
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    // Read the version before any pragma that writes (journal_mode=WAL rewrites the header).
    const current = userVersion(db);
    if (current > latest) {
      throw new AppError(
        'UNSUPPORTED',
        `This database was written by a newer Switchyard (schema v${current}; this version knows up to v${latest}). ` +
          'Update Switchyard, or move the file aside.',
      );
    }
    applyPragmas(db, file);
    if (current > 0 && current < latest) {
      await db.backup(backupPath(file, current));
      opts.onFault?.('migration.backedUp');
    }
    for (const m of list.slice(current)) runMigration(db, m, opts.onFault);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Lets SQLite refresh its query-planner statistics, then closes. Safe to call twice. */
export function closeDatabase(db: Database.Database): void {
  if (!db.open) return;
  try {
    db.pragma('optimize');
  } finally {
    db.close();
  }
}

function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function applyPragmas(db: Database.Database, file: string): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
  const inMemory = file === ':memory:' || file === '';
  if (mode !== 'wal' && !inMemory) {
    throw new AppError(
      'UNSUPPORTED',
      `Could not put the database in WAL mode (SQLite kept "${mode}"); is it on a network file system? Move it to a local disk.`,
    );
  }
  // better-sqlite3 defaults WAL databases to NORMAL, which may lose the last commits on power loss.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
}

/** One migration, atomically: its changes and the version bump commit together or not at all. */
function runMigration(db: Database.Database, m: Migration, onFault?: FaultHook): void {
  const apply = db.transaction(() => {
    m.up(db);
    // PRAGMA takes no bound parameters; m.version is checked to be a small integer.
    db.pragma(`user_version = ${m.version}`);
    onFault?.('migration.applied');
  });
  try {
    apply.immediate();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError(
      'INTERNAL',
      `Could not upgrade the database to schema v${m.version} (${m.name}): ${reason}. The database was left at v${m.version - 1}.`,
      { cause: err },
    );
  }
}

/** Migrations must be numbered 1..N in order, so `user_version` is also the count applied. */
function checkedMigrations(list: Migration[]): Migration[] {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration "${m.name}" has version ${m.version}; expected ${i + 1} (versions are 1..N, in order).`);
    }
  });
  return list;
}
