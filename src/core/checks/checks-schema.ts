// Schema version 4: the `check_results` table, one row per check run in a run's worktree (tests,
// lint, build from `.switchyard.json`, plus setup and teardown steps). Registered by the store's
// migration list; owned and read by checks-repo.ts.
import { type Migration } from '../store/migrations';

/**
 * Statuses a row can hold: `running` while the command runs; the runner's outcomes
 * (check-runner.ts CheckStatus); `interrupted` for a row left running when the app stopped.
 */
export const CHECK_ROW_STATUSES = ['running', 'passed', 'failed', 'timed-out', 'cancelled', 'error', 'interrupted'] as const;

/**
 * Version 4. STRICT like every table; times are integer milliseconds since the epoch.
 * - exit_code is NULL until the command ends, and when it never started or a signal ended it.
 * - duration_ms and finished_at are NULL exactly while the row is `running`.
 * - output is the capped tail the runner kept (check-runner.ts OUTPUT_CAP_CHARS).
 * - The index serves "latest result of each check of these runs" (the scorecard and compare matrix).
 * No ON DELETE CASCADE, as elsewhere: removing a run's history is always an explicit step.
 */
export const checksMigration: Migration = {
  version: 4,
  name: 'check results',
  up(db) {
    db.exec(`
      CREATE TABLE check_results (
        id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
        command TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN (${CHECK_ROW_STATUSES.map((s) => `'${s}'`).join(', ')})),
        exit_code INTEGER,
        duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
        output TEXT NOT NULL DEFAULT '',
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        CHECK ((status = 'running') = (finished_at IS NULL)),
        CHECK ((finished_at IS NULL) = (duration_ms IS NULL))
      ) STRICT;
      CREATE INDEX check_results_by_run ON check_results (run_id, name, started_at DESC);
      CREATE INDEX check_results_running ON check_results (status) WHERE status = 'running';
    `);
  },
};
