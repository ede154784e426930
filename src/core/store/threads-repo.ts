// Thread rows: one prompt on one repository and base branch. Reads join `repos` for the path.
// Owns the `threads` table.
import type Database from 'better-sqlite3';
import type { Thread } from '../../shared/contract/threads';
import type { RepoId, ThreadId } from '../../shared/ids';

export type NewThread = Omit<Thread, 'repoPath'>;

interface ThreadRow {
  id: string;
  repo_id: string;
  repo_path: string;
  prompt: string;
  title: string;
  base_branch: string;
  base_commit: string;
  created_at: number;
}

const SELECT = `SELECT t.id, t.repo_id, r.path AS repo_path, t.prompt, t.title, t.base_branch, t.base_commit, t.created_at
  FROM threads t JOIN repos r ON r.id = t.repo_id`;
/** Newest first; among equal times, the later insert first. */
const NEWEST_FIRST = 'ORDER BY t.created_at DESC, t.rowid DESC';

function toThread(row: ThreadRow): Thread {
  return {
    id: row.id as ThreadId,
    repoId: row.repo_id as RepoId,
    repoPath: row.repo_path,
    prompt: row.prompt,
    title: row.title,
    baseBranch: row.base_branch,
    baseCommit: row.base_commit,
    createdAt: row.created_at,
  };
}

export class ThreadsRepo {
  private readonly insertStmt: Database.Statement<[NewThread]>;
  private readonly getStmt: Database.Statement<[string], ThreadRow>;
  private readonly listAllStmt: Database.Statement<[], ThreadRow>;
  private readonly listByRepoStmt: Database.Statement<[string], ThreadRow>;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare<[NewThread]>(
      `INSERT INTO threads (id, repo_id, prompt, title, base_branch, base_commit, created_at)
       VALUES (@id, @repoId, @prompt, @title, @baseBranch, @baseCommit, @createdAt)`,
    );
    this.getStmt = db.prepare<[string], ThreadRow>(`${SELECT} WHERE t.id = ?`);
    this.listAllStmt = db.prepare<[], ThreadRow>(`${SELECT} ${NEWEST_FIRST}`);
    this.listByRepoStmt = db.prepare<[string], ThreadRow>(`${SELECT} WHERE t.repo_id = ? ${NEWEST_FIRST}`);
  }

  /** Inserts a thread; its repository row must exist. */
  insert(t: NewThread): void {
    const { id, repoId, prompt, title, baseBranch, baseCommit, createdAt } = t;
    this.insertStmt.run({ id, repoId, prompt, title, baseBranch, baseCommit, createdAt });
  }

  get(id: ThreadId): Thread | null {
    const row = this.getStmt.get(id);
    return row ? toThread(row) : null;
  }

  /** Threads newest first, of one repository when `repoId` is given. */
  list(repoId?: RepoId): Thread[] {
    const rows = repoId === undefined ? this.listAllStmt.all() : this.listByRepoStmt.all(repoId);
    return rows.map(toThread);
  }
}
