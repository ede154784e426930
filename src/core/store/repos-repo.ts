// Repository rows: folders the user opened as git repositories, and when.
// Owns the `repos` table.
import type Database from 'better-sqlite3';
import type { Repo } from '../../shared/contract/repos';
import type { RepoId } from '../../shared/ids';

interface RepoRow {
  id: string;
  path: string;
  name: string;
  current_branch: string | null;
  last_opened_at: number;
}

const COLUMNS = 'id, path, name, current_branch, last_opened_at';

function toRepo(row: RepoRow): Repo {
  return {
    id: row.id as RepoId,
    path: row.path,
    name: row.name,
    currentBranch: row.current_branch,
    lastOpenedAt: row.last_opened_at,
  };
}

export class ReposRepo {
  private readonly upsertStmt: Database.Statement<[Repo], RepoRow>;
  private readonly getStmt: Database.Statement<[string], RepoRow>;
  private readonly recentStmt: Database.Statement<[number], RepoRow>;

  constructor(db: Database.Database) {
    this.upsertStmt = db.prepare<[Repo], RepoRow>(
      `INSERT INTO repos (${COLUMNS}) VALUES (@id, @path, @name, @currentBranch, @lastOpenedAt)
       ON CONFLICT (path) DO UPDATE SET
         name = excluded.name, current_branch = excluded.current_branch, last_opened_at = excluded.last_opened_at
       RETURNING ${COLUMNS}`,
    );
    this.getStmt = db.prepare<[string], RepoRow>(`SELECT ${COLUMNS} FROM repos WHERE id = ?`);
    this.recentStmt = db.prepare<[number], RepoRow>(`SELECT ${COLUMNS} FROM repos ORDER BY last_opened_at DESC, id LIMIT ?`);
  }

  /** Records that a repository was opened. A known path keeps its id; name, branch and time are updated. */
  upsertOpened(r: Repo): Repo {
    const { id, path, name, currentBranch, lastOpenedAt } = r;
    const row = this.upsertStmt.get({ id, path, name, currentBranch, lastOpenedAt });
    if (!row) throw new Error(`Upserting repository ${r.path} returned no row.`);
    return toRepo(row);
  }

  get(id: RepoId): Repo | null {
    const row = this.getStmt.get(id);
    return row ? toRepo(row) : null;
  }

  /** Most recently opened first. */
  listRecent(limit = 20): Repo[] {
    return this.recentStmt.all(Math.max(0, Math.floor(limit))).map(toRepo);
  }
}
