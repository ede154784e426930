// agent_profiles: the built-in agent's profiles (endpoint, model, approval, sandbox settings).
// The API key is not stored: it is read from the app environment variable the profile names.
import type Database from 'better-sqlite3';
import type { BuiltinSettings } from '../../shared/contract';
import type { ProfileId } from '../../shared/ids';

export interface AgentProfileRow {
  id: ProfileId;
  name: string;
  settings: BuiltinSettings;
  /** The key as the OS keychain encrypted it; null when none is stored. */
  secret: string | null;
}

export class AgentProfilesRepo {
  private readonly listStmt: Database.Statement<[], { id: string; name: string; settings_json: string; secret: string | null }>;
  private readonly upsertStmt: Database.Statement<[string, string, string, string | null, number]>;

  constructor(db: Database.Database, private readonly now: () => number = Date.now) {
    this.listStmt = db.prepare(`SELECT id, name, settings_json, secret FROM agent_profiles ORDER BY created_at, rowid`);
    this.upsertStmt = db.prepare(
      `INSERT INTO agent_profiles (id, name, settings_json, secret, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, settings_json = excluded.settings_json, secret = excluded.secret`,
    );
  }

  list(): AgentProfileRow[] {
    return this.listStmt.all().map((r) => ({ id: r.id as ProfileId, name: r.name, settings: JSON.parse(r.settings_json) as BuiltinSettings, secret: r.secret }));
  }

  get(id: string): AgentProfileRow | null {
    return this.list().find((p) => p.id === id) ?? null;
  }

  save(row: AgentProfileRow): AgentProfileRow {
    this.upsertStmt.run(row.id, row.name, JSON.stringify(row.settings), row.secret, this.now());
    return row;
  }
}
