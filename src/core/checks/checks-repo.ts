// Check result rows: each run of a check (or setup/teardown step) in a run's worktree, from
// `running` to its outcome, and the latest result of each check per run for the scorecard.
// Owns the `check_results` table (checks-schema.ts, schema v4).
import type Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { RunId } from '../../shared/ids';
import { type CHECK_ROW_STATUSES } from './checks-schema';

export type CheckRowStatus = (typeof CHECK_ROW_STATUSES)[number];

export interface CheckRecord {
  id: string;
  runId: RunId;
  name: string;
  command: string;
  status: CheckRowStatus;
  exitCode: number | null;
  durationMs: number | null;
  output: string;
  startedAt: number;
  finishedAt: number | null;
}

/** The outcome written when a check ends. */
export interface CheckOutcome {
  status: Exclude<CheckRowStatus, 'running'>;
  exitCode: number | null;
  durationMs: number;
  output: string;
  finishedAt: number;
}

interface CheckRow {
  id: string;
  run_id: string;
  name: string;
  command: string;
  status: string;
  exit_code: number | null;
  duration_ms: number | null;
  output: string;
  started_at: number;
  finished_at: number | null;
}

const COLUMNS = 'id, run_id, name, command, status, exit_code, duration_ms, output, started_at, finished_at';

function toRecord(row: CheckRow): CheckRecord {
  return {
    id: row.id,
    runId: row.run_id as RunId,
    name: row.name,
    command: row.command,
    status: row.status as CheckRowStatus,
    exitCode: row.exit_code,
    durationMs: row.duration_ms,
    output: row.output,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/**
 * Most runs read by one latestByRuns call: SQLite's default limit of bound parameters is 32,766,
 * and a compare view holds a handful of runs; larger lists are read in slices of this size.
 */
export const RUNS_PER_QUERY = 500;

export class ChecksRepo {
  private readonly db: Database.Database;
  private readonly insertStmt: Database.Statement<[CheckRow]>;
  private readonly getStmt: Database.Statement<[string], CheckRow>;
  private readonly finishStmt: Database.Statement<[{ id: string; status: string; exit_code: number | null; duration_ms: number; output: string; finished_at: number }]>;
  private readonly byRunStmt: Database.Statement<[string], CheckRow>;
  private readonly interruptStmt: Database.Statement<[{ now: number; note: string }]>;

  constructor(db: Database.Database) {
    this.db = db;
    this.insertStmt = db.prepare<[CheckRow]>(
      `INSERT INTO check_results (${COLUMNS}) VALUES (@id, @run_id, @name, @command, @status, @exit_code, @duration_ms, @output, @started_at, @finished_at)`,
    );
    this.getStmt = db.prepare<[string], CheckRow>(`SELECT ${COLUMNS} FROM check_results WHERE id = ?`);
    this.finishStmt = db.prepare(
      `UPDATE check_results SET status = @status, exit_code = @exit_code, duration_ms = @duration_ms, output = @output, finished_at = @finished_at
       WHERE id = @id AND status = 'running'`,
    );
    this.byRunStmt = db.prepare<[string], CheckRow>(`SELECT ${COLUMNS} FROM check_results WHERE run_id = ? ORDER BY started_at, rowid`);
    this.interruptStmt = db.prepare(
      `UPDATE check_results SET status = 'interrupted', finished_at = max(@now, started_at), duration_ms = max(@now, started_at) - started_at,
         output = output || @note
       WHERE status = 'running'`,
    );
  }

  /** Inserts a row as given (a finished result, or a `running` one with null end fields); its run must exist. */
  insert(rec: CheckRecord): void {
    this.insertStmt.run({
      id: rec.id, run_id: rec.runId, name: rec.name, command: rec.command, status: rec.status, exit_code: rec.exitCode,
      duration_ms: rec.durationMs, output: rec.output, started_at: rec.startedAt, finished_at: rec.finishedAt,
    });
  }

  /** Records that a check started: a `running` row. */
  start(rec: { id: string; runId: RunId; name: string; command: string; startedAt: number }): CheckRecord {
    const row: CheckRecord = { ...rec, status: 'running', exitCode: null, durationMs: null, output: '', finishedAt: null };
    this.insert(row);
    return row;
  }

  /**
   * Writes a running check's outcome and returns the row. NOT_FOUND for an unknown id; INVALID_INPUT
   * when the row has already ended (an outcome is written once).
   */
  update(id: string, outcome: CheckOutcome): CheckRecord {
    const changes = this.finishStmt.run({
      id, status: outcome.status, exit_code: outcome.exitCode, duration_ms: outcome.durationMs, output: outcome.output, finished_at: outcome.finishedAt,
    }).changes;
    const row = this.get(id);
    if (!row) throw new AppError('NOT_FOUND', `Check result ${id} was not found.`);
    if (changes === 0) throw new AppError('INVALID_INPUT', `Check ${row.name} has already ended (${row.status}); its result is not changed.`);
    return row;
  }

  get(id: string): CheckRecord | null {
    const row = this.getStmt.get(id);
    return row ? toRecord(row) : null;
  }

  /** Every result of a run, oldest first. */
  listByRun(runId: RunId): CheckRecord[] {
    return this.byRunStmt.all(runId).map(toRecord);
  }

  /** The latest result of each check name of a run, in the order those latest results started. */
  latestByRun(runId: RunId): CheckRecord[] {
    return this.latestByRuns([runId]).get(runId) ?? [];
  }

  /** latestByRun for several runs at once (the compare matrix); every asked run has an entry. */
  latestByRuns(runIds: readonly RunId[]): Map<RunId, CheckRecord[]> {
    const out = new Map<RunId, CheckRecord[]>(runIds.map((id) => [id, []]));
    for (let i = 0; i < runIds.length; i += RUNS_PER_QUERY) {
      const slice = runIds.slice(i, i + RUNS_PER_QUERY);
      const rows = this.db
        .prepare<string[], CheckRow>(
          `SELECT ${COLUMNS} FROM (
             SELECT *, rowid AS seq, row_number() OVER (PARTITION BY run_id, name ORDER BY started_at DESC, rowid DESC) AS nth
             FROM check_results WHERE run_id IN (${slice.map(() => '?').join(', ')})
           ) WHERE nth = 1 ORDER BY run_id, started_at, seq`,
        )
        .all(...slice);
      for (const row of rows) out.get(row.run_id as RunId)?.push(toRecord(row));
    }
    return out;
  }

  /** Start-up after a crash: rows left `running` become `interrupted`, ended now. Returns how many. */
  markRunningAsInterrupted(now: number): number {
    return this.interruptStmt.run({ now, note: '\r\n[Switchyard stopped before this check finished.]\r\n' }).changes;
  }
}
