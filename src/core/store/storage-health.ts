// Whether the database can be written: turns SQLite's "database or disk is full" (SQLITE_FULL) into
// the typed DISK_FULL error that names the file, and tracks the condition for the window (event
// `app.storage`). The main connection is probed with a rolled-back write while it is full; the
// transcript writer reports its own state (it keeps and retries its output meanwhile).
import type Database from 'better-sqlite3';
import type { StorageStatus } from '../../shared/contract';
import { AppError } from '../../shared/errors';

/** How often the main connection is probed while full, in ms: a banner clears within this of space returning. */
export const STORAGE_PROBE_INTERVAL_MS = 2_000;
/**
 * Bytes the probe writes (and rolls back) to learn whether the database can grow again: a few pages,
 * so a database that can fit only a row or two more is still reported full.
 */
export const STORAGE_PROBE_BYTES = 64 * 1024;

/** True for SQLite's "database or disk is full", also as it crosses from the transcript writer's thread. */
export function isDiskFull(err: unknown): boolean {
  if (err instanceof AppError) return err.code === 'DISK_FULL';
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'SQLITE_FULL';
}

/** The sentence shown when the database cannot grow. */
export function diskFullMessage(file: string): string {
  return `The disk holding the database ${file} is full, so this was not saved. Earlier data is intact; free some space and try again.`;
}

export function diskFullError(file: string, cause: unknown): AppError {
  return new AppError('DISK_FULL', diskFullMessage(file), { cause });
}

export interface StorageHealthDeps {
  db: Database.Database;
  file: string;
  emit: (status: StorageStatus) => void;
  log: (message: string, err?: unknown) => void;
  probeIntervalMs?: number;
}

export class StorageHealth {
  private mainFull = false;
  private transcriptsFull = false;
  private probe: NodeJS.Timeout | undefined;
  private last: StorageStatus = { ok: true };

  constructor(private readonly deps: StorageHealthDeps) {}

  get status(): StorageStatus {
    return this.last;
  }

  /** An error from the main connection: a full database becomes DISK_FULL (and is reported); others pass unchanged. */
  translate(err: unknown): unknown {
    if (!isDiskFull(err)) return err;
    this.setMain(true);
    return err instanceof AppError ? err : diskFullError(this.deps.file, err);
  }

  /** The transcript writer's report (it retries by itself and says when writing works again). */
  transcripts(status: { ok: boolean }): void {
    this.transcriptsFull = !status.ok;
    this.publish();
  }

  dispose(): void {
    clearInterval(this.probe);
    this.probe = undefined;
  }

  private setMain(full: boolean): void {
    this.mainFull = full;
    if (full && !this.probe) {
      this.probe = setInterval(() => this.runProbe(), this.deps.probeIntervalMs ?? STORAGE_PROBE_INTERVAL_MS);
      this.probe.unref();
    }
    if (!full) this.dispose();
    this.publish();
  }

  /** Tries to grow the database by a few pages inside a transaction that is always rolled back. */
  private runProbe(): void {
    const { db } = this.deps;
    if (!db.open) return this.dispose();
    try {
      db.transaction(() => {
        db.exec('CREATE TABLE storage_probe (data BLOB)');
        db.prepare('INSERT INTO storage_probe VALUES (zeroblob(?))').run(STORAGE_PROBE_BYTES);
        throw new ProbeDone();
      }).immediate();
    } catch (err) {
      if (err instanceof ProbeDone) return this.setMain(false);
      if (!isDiskFull(err)) this.deps.log('storage probe failed', err);
    }
  }

  private publish(): void {
    const next: StorageStatus = this.mainFull || this.transcriptsFull ? { ok: false, message: diskFullMessage(this.deps.file) } : { ok: true };
    if (next.ok === this.last.ok) return;
    this.last = next;
    this.deps.log(next.ok ? 'the database can be written again' : `database full: ${this.deps.file}`);
    this.deps.emit(next);
  }
}

/** Thrown inside the probe's transaction to roll it back after it succeeded. */
class ProbeDone extends Error {}

/**
 * The contract boundary: every handler's SQLITE_FULL leaves as DISK_FULL (naming the database file)
 * and raises the storage banner. Other errors pass unchanged.
 */
export function withStorageErrors<H extends object>(health: StorageHealth, handlers: H): H {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await (handler as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (err) {
        throw health.translate(err);
      }
    };
  }
  return wrapped as H;
}
