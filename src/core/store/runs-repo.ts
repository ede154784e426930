// Run rows: one agent attempt (worktree, branch, status, times, diff summary) within a thread.
// Owns the `runs` table.
import type Database from 'better-sqlite3';
import type { Run, RunStatus } from '../../shared/contract/runs';
import { AppError } from '../../shared/errors';
import type { ProfileId, RepoId, RunId, ThreadId } from '../../shared/ids';

export type RunPatch = Partial<Omit<Run, 'id' | 'threadId'>>;

interface RunRow {
  id: string;
  thread_id: string;
  profile_id: string;
  profile_name: string;
  idx: number;
  branch: string;
  worktree_path: string;
  status: string;
  exit_code: number | null;
  failure: string | null;
  stopped_by_user: number;
  archived_at: number | null;
  activity_json: string | null;
  usage_json: string | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  diff_files: number | null;
  diff_added: number | null;
  diff_removed: number | null;
  diff_at: number | null;
}

const COLUMNS = `id, thread_id, profile_id, profile_name, idx, branch, worktree_path, status, exit_code, failure,
  stopped_by_user, archived_at, activity_json, usage_json, created_at, started_at, ended_at, diff_files, diff_added, diff_removed, diff_at`;

function toRun(row: RunRow): Run {
  const { diff_files: files, diff_added: added, diff_removed: removed, diff_at: at } = row;
  return {
    id: row.id as RunId,
    threadId: row.thread_id as ThreadId,
    profileId: row.profile_id as ProfileId,
    profileName: row.profile_name,
    index: row.idx,
    branch: row.branch,
    worktreePath: row.worktree_path,
    status: row.status as RunStatus,
    exitCode: row.exit_code,
    failure: row.failure,
    stoppedByUser: row.stopped_by_user === 1,
    archivedAt: row.archived_at,
    activity: row.activity_json === null ? null : (JSON.parse(row.activity_json) as Run['activity']),
    usage: row.usage_json === null ? null : (JSON.parse(row.usage_json) as Run['usage']),
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    // The table's CHECK keeps the four diff columns all null or all set.
    diff: files === null || added === null || removed === null || at === null ? null : { files, added, removed, at },
  };
}

function toRow(run: Run): RunRow {
  return {
    id: run.id,
    thread_id: run.threadId,
    profile_id: run.profileId,
    profile_name: run.profileName,
    idx: run.index,
    branch: run.branch,
    worktree_path: run.worktreePath,
    status: run.status,
    exit_code: run.exitCode,
    failure: run.failure,
    stopped_by_user: run.stoppedByUser ? 1 : 0,
    archived_at: run.archivedAt,
    activity_json: run.activity === null ? null : JSON.stringify(run.activity),
    usage_json: run.usage === null ? null : JSON.stringify(run.usage),
    created_at: run.createdAt,
    started_at: run.startedAt,
    ended_at: run.endedAt,
    diff_files: run.diff?.files ?? null,
    diff_added: run.diff?.added ?? null,
    diff_removed: run.diff?.removed ?? null,
    diff_at: run.diff?.at ?? null,
  };
}

/** Fields a patch may set, so a wider object passed at run time cannot smuggle in id or threadId. */
const PATCHABLE = [
  'profileId', 'profileName', 'index', 'branch', 'worktreePath', 'status', 'exitCode', 'failure',
  'stoppedByUser', 'archivedAt', 'activity', 'usage', 'createdAt', 'startedAt', 'endedAt', 'diff',
] as const satisfies readonly (keyof RunPatch)[];

export class RunsRepo {
  private readonly insertStmt: Database.Statement<[RunRow]>;
  private readonly getStmt: Database.Statement<[string], RunRow>;
  private readonly byThreadStmt: Database.Statement<[string], RunRow>;
  private readonly updateStmt: Database.Statement<[RunRow]>;
  private readonly interruptStmt: Database.Statement<[number]>;
  private readonly archivedStmt: Database.Statement<[string], RunRow>;
  private readonly ownsStmt: Database.Statement<[string], { one: number }>;
  private readonly withWorktreesStmt: Database.Statement<[], RunRow>;
  private readonly updateTx: Database.Transaction<(id: RunId, patch: RunPatch) => Run>;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare<[RunRow]>(
      `INSERT INTO runs (${COLUMNS}) VALUES (@id, @thread_id, @profile_id, @profile_name, @idx, @branch, @worktree_path,
        @status, @exit_code, @failure, @stopped_by_user, @archived_at, @activity_json, @usage_json, @created_at, @started_at, @ended_at, @diff_files, @diff_added, @diff_removed, @diff_at)`,
    );
    this.getStmt = db.prepare<[string], RunRow>(`SELECT ${COLUMNS} FROM runs WHERE id = ?`);
    this.byThreadStmt = db.prepare<[string], RunRow>(`SELECT ${COLUMNS} FROM runs WHERE thread_id = ? ORDER BY idx`);
    this.updateStmt = db.prepare<[RunRow]>(
      `UPDATE runs SET profile_id = @profile_id, profile_name = @profile_name, idx = @idx, branch = @branch,
        worktree_path = @worktree_path, status = @status, exit_code = @exit_code, failure = @failure, stopped_by_user = @stopped_by_user, archived_at = @archived_at, activity_json = @activity_json, usage_json = @usage_json,
        created_at = @created_at, started_at = @started_at, ended_at = @ended_at, diff_files = @diff_files,
        diff_added = @diff_added, diff_removed = @diff_removed, diff_at = @diff_at
       WHERE id = @id AND thread_id = @thread_id`,
    );
    this.interruptStmt = db.prepare<[number]>(
      `UPDATE runs SET status = 'interrupted', ended_at = ? WHERE status IN ('starting', 'running')`,
    );
    this.archivedStmt = db.prepare<[string], RunRow>(
      `SELECT ${COLUMNS.split(',').map((c) => `runs.${c.trim()}`).join(', ')} FROM runs JOIN threads ON threads.id = runs.thread_id
       WHERE threads.repo_id = ? AND runs.archived_at IS NOT NULL ORDER BY runs.archived_at DESC`,
    );
    this.ownsStmt = db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM runs WHERE worktree_path = ? LIMIT 1`);
    this.withWorktreesStmt = db.prepare<[], RunRow>(`SELECT ${COLUMNS} FROM runs WHERE worktree_path <> ''`);
    this.updateTx = db.transaction((id: RunId, patch: RunPatch) => this.applyPatch(id, patch));
  }

  /** Inserts a run; its thread must exist and its index be unused in that thread. */
  insert(run: Run): void {
    this.insertStmt.run(toRow(run));
  }

  get(id: RunId): Run | null {
    const row = this.getStmt.get(id);
    return row ? toRun(row) : null;
  }

  /** A thread's runs in index order. */
  listByThread(threadId: ThreadId): Run[] {
    return this.byThreadStmt.all(threadId).map(toRun);
  }

  /**
   * Sets only the fields present in `patch` (an `undefined` value counts as absent) and returns the
   * updated run. `diff: null` clears the four diff columns. Throws NOT_FOUND for an unknown run.
   */
  update(id: RunId, patch: RunPatch): Run {
    return this.updateTx.immediate(id, patch);
  }

  /** Archived runs of a repository, most recently archived first (the trash). */
  listArchived(repoId: RepoId): Run[] {
    return this.archivedStmt.all(repoId).map(toRun);
  }

  /** Whether some run row owns this worktree path (the guarded delete asks before removing anything). */
  ownsWorktree(path: string): boolean {
    return this.ownsStmt.get(path) !== undefined;
  }

  /** Every run that has (or had) a worktree, for start-up reconciliation. */
  listWithWorktrees(): Run[] {
    return this.withWorktreesStmt.all().map(toRun);
  }

  /** Start-up after a crash: runs left starting or running become interrupted, ended now. Returns how many. */
  markActiveAsInterrupted(now: number): number {
    return this.interruptStmt.run(now).changes;
  }

  private applyPatch(id: RunId, patch: RunPatch): Run {
    const current = this.get(id);
    if (!current) throw new AppError('NOT_FOUND', `Run ${id} was not found.`);
    const next: Run = { ...current };
    for (const key of PATCHABLE) {
      if (patch[key] !== undefined) Object.assign(next, { [key]: patch[key] });
    }
    this.updateStmt.run(toRow(next));
    return toRun(toRow(next));
  }
}
