// Schema for merge records: migration 3 adds the `merges` table. Registered by the lead in
// src/core/store/migrations.ts (append to the list; renumber if another migration 3 lands first).
import { type Migration } from '../store/migrations';

/**
 * Version 3: one row per merge Switchyard published or tried to publish.
 * - state: 'pending' = intent recorded, about to publish (a crash here is settled at start-up by
 *   comparing the base tip with old_tip/new_tip); 'published' = the base moved to new_tip;
 *   'failed' = nothing was published (failure says why); 'undone' = moved back to old_tip.
 * - old_tip/new_tip: full commit ids; new_tip is the computed commit (a row is written only once
 *   the merge is computed, so conflicts leave no row).
 * - published_at/undone_at: ms since the epoch; NULL until that happens.
 */
export const mergeMigration: Migration = {
  version: 3,
  name: 'merge records',
  up(db) {
    db.exec(`
      CREATE TABLE merges (
        id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id),
        thread_id TEXT NOT NULL REFERENCES threads (id),
        repo_id TEXT NOT NULL REFERENCES repos (id),
        base_branch TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('merge', 'squash', 'rebase')),
        state TEXT NOT NULL CHECK (state IN ('pending', 'published', 'undone', 'failed')),
        old_tip TEXT NOT NULL,
        new_tip TEXT NOT NULL,
        message TEXT NOT NULL,
        failure TEXT,
        created_at INTEGER NOT NULL,
        published_at INTEGER,
        undone_at INTEGER,
        CHECK ((state = 'undone') = (undone_at IS NOT NULL)),
        CHECK (state NOT IN ('published', 'undone') OR published_at IS NOT NULL)
      ) STRICT;
      CREATE INDEX merges_by_run ON merges (run_id, created_at);
      -- Start-up settles only the merges a crash may have left half-done.
      CREATE INDEX merges_pending ON merges (state) WHERE state = 'pending';
    `);
  },
};
