// Who each run's agent process is: pid, OS start time and the run's nonce, so the leftover reaper can
// find it (and its descendants) after a crash without ever killing a recycled pid. Owns the
// `run_processes` table and its migration (registered in migrations.ts).
import type Database from 'better-sqlite3';
import type { Migration } from './migrations';

/**
 * Version 10: one row per run, the latest agent process started for it (a resume replaces it).
 * - pid: the agent's pid, which is also its process group and session id (node-pty calls setsid).
 * - started_at: the process's start time as the OS reports it (ms since the epoch); NULL until read,
 *   which happens just after the spawn. A pid whose start time differs is another process.
 * - nonce: random, placed in the agent's environment (SWITCHYARD_RUN_NONCE), inherited by descendants.
 * - spawned_at: when the app spawned it (ms); descendants started before this are not the run's.
 */
export const runProcessesMigration: Migration = {
  version: 10,
  name: 'run process identities',
  up(db) {
    db.exec(`
      CREATE TABLE run_processes (
        run_id TEXT PRIMARY KEY REFERENCES runs (id),
        pid INTEGER NOT NULL CHECK (pid > 0),
        started_at INTEGER,
        nonce TEXT NOT NULL,
        spawned_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};

export interface RunProcessRecord {
  runId: string;
  pid: number;
  startedAt: number | null;
  nonce: string;
  spawnedAt: number;
}

interface Row {
  run_id: string;
  pid: number;
  started_at: number | null;
  nonce: string;
  spawned_at: number;
}

const toRecord = (r: Row): RunProcessRecord => ({ runId: r.run_id, pid: r.pid, startedAt: r.started_at, nonce: r.nonce, spawnedAt: r.spawned_at });

export class RunProcessesRepo {
  private readonly upsertStmt: Database.Statement<[Row]>;
  private readonly startedStmt: Database.Statement<[number, string, number]>;
  private readonly getStmt: Database.Statement<[string], Row>;
  private readonly activeStmt: Database.Statement<[], Row>;

  constructor(db: Database.Database) {
    this.upsertStmt = db.prepare<[Row]>(
      `INSERT INTO run_processes (run_id, pid, started_at, nonce, spawned_at) VALUES (@run_id, @pid, @started_at, @nonce, @spawned_at)
       ON CONFLICT (run_id) DO UPDATE SET pid = excluded.pid, started_at = excluded.started_at, nonce = excluded.nonce, spawned_at = excluded.spawned_at`,
    );
    this.startedStmt = db.prepare<[number, string, number]>('UPDATE run_processes SET started_at = ? WHERE run_id = ? AND pid = ?');
    this.getStmt = db.prepare<[string], Row>('SELECT run_id, pid, started_at, nonce, spawned_at FROM run_processes WHERE run_id = ?');
    this.activeStmt = db.prepare<[], Row>(
      `SELECT p.run_id, p.pid, p.started_at, p.nonce, p.spawned_at FROM run_processes p JOIN runs r ON r.id = p.run_id
       WHERE r.status IN ('starting', 'running')`,
    );
  }

  /** Records (replaces) the run's agent process; its start time follows with setStartedAt. */
  record(rec: RunProcessRecord): void {
    this.upsertStmt.run({ run_id: rec.runId, pid: rec.pid, started_at: rec.startedAt, nonce: rec.nonce, spawned_at: rec.spawnedAt });
  }

  /** Fills in the start time, only if the row still describes that pid. */
  setStartedAt(runId: string, pid: number, startedAt: number): void {
    this.startedStmt.run(startedAt, runId, pid);
  }

  get(runId: string): RunProcessRecord | null {
    const row = this.getStmt.get(runId);
    return row ? toRecord(row) : null;
  }

  /** Processes of runs still marked starting or running: after a crash, the candidates for the reaper. */
  listOfActiveRuns(): RunProcessRecord[] {
    return this.activeStmt.all().map(toRecord);
  }
}
