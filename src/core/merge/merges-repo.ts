// Merge rows: the intent and outcome of each merge (old and new tip), for undo and crash
// recovery. Owns the `merges` table (merge-schema.ts). State changes are guarded in SQL so a
// record only moves pending -> published | failed, and published -> undone.
import type Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { RepoId, RunId, ThreadId } from '../../shared/ids';
import { type MergeMode } from './merge-compute';

export type MergeState = 'pending' | 'published' | 'undone' | 'failed';

export interface MergeRecord {
  id: string;
  runId: RunId;
  threadId: ThreadId;
  repoId: RepoId;
  /** The repository's path (joined from `repos`), so settling needs no other lookup. */
  repoPath: string;
  baseBranch: string;
  mode: MergeMode;
  state: MergeState;
  oldTip: string;
  newTip: string;
  message: string;
  failure: string | null;
  createdAt: number;
  publishedAt: number | null;
  undoneAt: number | null;
}

export type NewMerge = Omit<MergeRecord, 'repoPath' | 'state' | 'failure' | 'publishedAt' | 'undoneAt'>;

interface MergeRow {
  id: string;
  run_id: string;
  thread_id: string;
  repo_id: string;
  repo_path: string;
  base_branch: string;
  mode: string;
  state: string;
  old_tip: string;
  new_tip: string;
  message: string;
  failure: string | null;
  created_at: number;
  published_at: number | null;
  undone_at: number | null;
}

const SELECT = `SELECT m.id, m.run_id, m.thread_id, m.repo_id, r.path AS repo_path, m.base_branch, m.mode, m.state, m.old_tip,
  m.new_tip, m.message, m.failure, m.created_at, m.published_at, m.undone_at FROM merges m JOIN repos r ON r.id = m.repo_id`;

function toRecord(row: MergeRow): MergeRecord {
  return {
    id: row.id,
    runId: row.run_id as RunId,
    threadId: row.thread_id as ThreadId,
    repoId: row.repo_id as RepoId,
    repoPath: row.repo_path,
    baseBranch: row.base_branch,
    mode: row.mode as MergeMode,
    state: row.state as MergeState,
    oldTip: row.old_tip,
    newTip: row.new_tip,
    message: row.message,
    failure: row.failure,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    undoneAt: row.undone_at,
  };
}

export class MergesRepo {
  private readonly insertStmt: Database.Statement<[NewMerge]>;
  private readonly getStmt: Database.Statement<[string], MergeRow>;
  private readonly byRunStmt: Database.Statement<[string], MergeRow>;
  private readonly pendingStmt: Database.Statement<[], MergeRow>;
  private readonly publishStmt: Database.Statement<[number, string]>;
  private readonly failStmt: Database.Statement<[string, string]>;
  private readonly undoStmt: Database.Statement<[number, string]>;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare<[NewMerge]>(
      `INSERT INTO merges (id, run_id, thread_id, repo_id, base_branch, mode, state, old_tip, new_tip, message, created_at)
       VALUES (@id, @runId, @threadId, @repoId, @baseBranch, @mode, 'pending', @oldTip, @newTip, @message, @createdAt)`,
    );
    this.getStmt = db.prepare<[string], MergeRow>(`${SELECT} WHERE m.id = ?`);
    this.byRunStmt = db.prepare<[string], MergeRow>(`${SELECT} WHERE m.run_id = ? ORDER BY m.created_at, m.rowid`);
    this.pendingStmt = db.prepare<[], MergeRow>(`${SELECT} WHERE m.state = 'pending' ORDER BY m.created_at, m.rowid`);
    this.publishStmt = db.prepare<[number, string]>(`UPDATE merges SET state = 'published', published_at = ? WHERE id = ? AND state = 'pending'`);
    this.failStmt = db.prepare<[string, string]>(`UPDATE merges SET state = 'failed', failure = ? WHERE id = ? AND state = 'pending'`);
    this.undoStmt = db.prepare<[number, string]>(`UPDATE merges SET state = 'undone', undone_at = ? WHERE id = ? AND state = 'published'`);
  }

  /** Records the intent to publish a computed merge (state 'pending'); returns the stored record. */
  insert(merge: NewMerge): MergeRecord {
    const { id, runId, threadId, repoId, baseBranch, mode, oldTip, newTip, message, createdAt } = merge;
    this.insertStmt.run({ id, runId, threadId, repoId, baseBranch, mode, oldTip, newTip, message, createdAt });
    return this.mustGet(id);
  }

  get(id: string): MergeRecord | null {
    const row = this.getStmt.get(id);
    return row ? toRecord(row) : null;
  }

  /** A run's merges, oldest first. */
  listByRun(runId: RunId): MergeRecord[] {
    return this.byRunStmt.all(runId).map(toRecord);
  }

  /** Merges a crash may have left between intent and outcome. */
  listPending(): MergeRecord[] {
    return this.pendingStmt.all().map(toRecord);
  }

  markPublished(id: string, at: number): MergeRecord {
    return this.transition(this.publishStmt.run(at, id).changes, id, 'published');
  }

  markFailed(id: string, reason: string): MergeRecord {
    return this.transition(this.failStmt.run(reason, id).changes, id, 'failed');
  }

  markUndone(id: string, at: number): MergeRecord {
    return this.transition(this.undoStmt.run(at, id).changes, id, 'undone');
  }

  private transition(changes: number, id: string, to: MergeState): MergeRecord {
    const record = this.mustGet(id);
    if (changes === 0) throw new AppError('INVALID_INPUT', `Merge ${id} is ${record.state}, so it cannot become ${to}.`);
    return record;
  }

  private mustGet(id: string): MergeRecord {
    const record = this.get(id);
    if (!record) throw new AppError('NOT_FOUND', `Merge ${id} was not found.`);
    return record;
  }
}
