// review_marks: which files of a run the user marked viewed, and at which state of the file.
import type Database from 'better-sqlite3';

export class ReviewMarksRepo {
  private readonly setStmt: Database.Statement<[string, string, string, number]>;
  private readonly clearStmt: Database.Statement<[string, string]>;
  private readonly byRunStmt: Database.Statement<[string], { path: string; fingerprint: string }>;

  constructor(db: Database.Database) {
    this.setStmt = db.prepare(
      `INSERT INTO review_marks (run_id, path, fingerprint, viewed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (run_id, path) DO UPDATE SET fingerprint = excluded.fingerprint, viewed_at = excluded.viewed_at`,
    );
    this.clearStmt = db.prepare(`DELETE FROM review_marks WHERE run_id = ? AND path = ?`);
    this.byRunStmt = db.prepare(`SELECT path, fingerprint FROM review_marks WHERE run_id = ?`);
  }

  mark(runId: string, path: string, fingerprint: string, now: number): void {
    this.setStmt.run(runId, path, fingerprint, now);
  }

  clear(runId: string, path: string): void {
    this.clearStmt.run(runId, path);
  }

  /** path -> fingerprint at the time it was marked viewed. */
  byRun(runId: string): Map<string, string> {
    return new Map(this.byRunStmt.all(runId).map((r) => [r.path, r.fingerprint]));
  }
}
