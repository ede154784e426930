// The numbered schema migrations of the Switchyard database, tracked by `PRAGMA user_version`.
// Owns every CREATE statement; append new migrations, never edit a released one.
import { checksMigration } from '../checks/checks-schema';
import { mergeMigration } from '../merge/merge-schema';
import { runProcessesMigration } from './run-processes-repo';
import type Database from 'better-sqlite3';

export interface Migration {
  /** Schema version this migration brings the database to: 1, 2, 3… with no gaps. */
  version: number;
  name: string;
  /** Runs inside a transaction opened by `openDatabase`; must be synchronous. */
  up(db: Database.Database): void;
}

/**
 * Version 1. Tables are STRICT (a wrong type is an error, not a silent coercion); times are integer
 * milliseconds since the epoch. No ON DELETE CASCADE: deleting user work is always an explicit step.
 */
const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE repos (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        current_branch TEXT,
        last_opened_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX repos_by_last_opened ON repos (last_opened_at DESC);

      -- Only the user's command templates; built-in profiles live in code (agents layer).
      CREATE TABLE profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('shell', 'command')),
        argv_json TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE threads (
        id TEXT PRIMARY KEY,
        repo_id TEXT NOT NULL REFERENCES repos (id),
        prompt TEXT NOT NULL,
        title TEXT NOT NULL,
        base_branch TEXT NOT NULL,
        base_commit TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX threads_by_created ON threads (created_at DESC);
      CREATE INDEX threads_by_repo_created ON threads (repo_id, created_at DESC);

      -- profile_id has no foreign key: built-in profiles are not rows. profile_name is a snapshot.
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL REFERENCES threads (id),
        profile_id TEXT NOT NULL,
        profile_name TEXT NOT NULL,
        idx INTEGER NOT NULL CHECK (idx >= 1),
        branch TEXT NOT NULL,
        worktree_path TEXT NOT NULL,
        status TEXT NOT NULL,
        exit_code INTEGER,
        failure TEXT,
        stopped_by_user INTEGER NOT NULL DEFAULT 0 CHECK (stopped_by_user IN (0, 1)),
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER,
        diff_files INTEGER,
        diff_added INTEGER,
        diff_removed INTEGER,
        diff_at INTEGER,
        UNIQUE (thread_id, idx),
        CHECK ((diff_files IS NULL) = (diff_added IS NULL)
           AND (diff_files IS NULL) = (diff_removed IS NULL)
           AND (diff_files IS NULL) = (diff_at IS NULL))
      ) STRICT;
      -- Start-up reconciliation looks only for runs left in a transient state.
      CREATE INDEX runs_active ON runs (status) WHERE status IN ('starting', 'running');

      -- One prompt sent to runs; run_id NULL means "all runs of the thread" (the initial prompt).
      CREATE TABLE turns (
        id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL REFERENCES threads (id),
        run_id TEXT REFERENCES runs (id),
        prompt TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX turns_by_thread ON turns (thread_id, created_at);
      CREATE INDEX turns_by_run ON turns (run_id) WHERE run_id IS NOT NULL;

      -- Append-only terminal output. chars = the chunk's length in UTF-16 code units (JS length),
      -- stored because SQLite's length() counts code points. The (run_id, seq) key reads the tail backwards.
      -- A rowid table rather than WITHOUT ROWID: chunks can be tens of kilobytes.
      CREATE TABLE transcript_chunks (
        run_id TEXT NOT NULL REFERENCES runs (id),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        chars INTEGER NOT NULL CHECK (chars >= 0),
        data TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      ) STRICT;
    `);
  },
};

/**
 * Version 2: storage for fast restore and for the transcript size cap.
 * - run_screens: the last serialized screen of a run's headless terminal mirror (one row per run,
 *   overwritten), so the focused run shows its last screen after a restart without replaying output.
 * - transcript_cuts: how many characters of a run's transcript the per-run cap dropped, so the
 *   "earlier output not kept" marker says how much, also after a reopen. No row = nothing dropped.
 * Both are written by the transcript worker (transcript-worker.ts), which refuses a schema older than this.
 */
const screensAndCuts: Migration = {
  version: 2,
  name: 'run screens and transcript cuts',
  up(db) {
    db.exec(`
      CREATE TABLE run_screens (
        run_id TEXT PRIMARY KEY REFERENCES runs (id),
        data TEXT NOT NULL,
        cols INTEGER NOT NULL CHECK (cols >= 1),
        rows INTEGER NOT NULL CHECK (rows >= 1),
        saved_at INTEGER NOT NULL
      ) STRICT;

      -- dropped_chars in UTF-16 code units, like transcript_chunks.chars.
      CREATE TABLE transcript_cuts (
        run_id TEXT PRIMARY KEY REFERENCES runs (id),
        dropped_chars INTEGER NOT NULL CHECK (dropped_chars >= 0)
      ) STRICT;
    `);
  },
};

/**
 * Version 5: runs can be archived (worktree removed; branch and backup ref kept), and review marks
 * remember which files of a run the user viewed, at which state of the file (a fingerprint of its
 * size and modification time), so a mark clears itself when the file changes again.
 */
const archiveAndReviewMarks: Migration = {
  version: 5,
  name: 'archived runs and review marks',
  up(db) {
    db.exec(`
      ALTER TABLE runs ADD COLUMN archived_at INTEGER;
      CREATE TABLE review_marks (
        run_id TEXT NOT NULL REFERENCES runs (id),
        path TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        viewed_at INTEGER NOT NULL,
        PRIMARY KEY (run_id, path)
      ) STRICT;
    `);
  },
};

/** Version 6: what an agent reports it is doing (RunActivity as JSON), kept with the run. */
const runActivity: Migration = {
  version: 6,
  name: 'run activity',
  up(db) {
    db.exec(`ALTER TABLE runs ADD COLUMN activity_json TEXT;`);
  },
};

/**
 * Version 7: the built-in agent. Its profiles (settings as JSON; the key stays in the app's
 * environment, never here), token usage per run, and each turn's structured conversation items.
 */
const builtinAgent: Migration = {
  version: 7,
  name: 'built-in agent',
  up(db) {
    db.exec(`
      CREATE TABLE agent_profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        settings_json TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      ALTER TABLE runs ADD COLUMN usage_json TEXT;
      ALTER TABLE turns ADD COLUMN items_json TEXT;
    `);
  },
};

/** Version 8: a built-in agent profile's key, encrypted by the OS keychain (never plain text). */
const agentKeys: Migration = {
  version: 8,
  name: 'encrypted agent keys',
  up(db) {
    db.exec(`ALTER TABLE agent_profiles ADD COLUMN secret TEXT;`);
  },
};

/** Version 9: each built-in agent turn's token usage and elapsed time. */
const turnResults: Migration = {
  version: 9,
  name: 'turn usage and time',
  up(db) {
    db.exec(`
      ALTER TABLE turns ADD COLUMN input_tokens INTEGER;
      ALTER TABLE turns ADD COLUMN output_tokens INTEGER;
      ALTER TABLE turns ADD COLUMN elapsed_ms INTEGER;
    `);
  },
};

/**
 * Every migration, in order. Domains declare their own tables next to their code (merge-schema.ts)
 * and are listed here, so this list stays the one place that decides the schema's history.
 */
export const migrations: Migration[] = [initialSchema, screensAndCuts, mergeMigration, checksMigration, archiveAndReviewMarks, runActivity, builtinAgent, agentKeys, turnResults, runProcessesMigration];
