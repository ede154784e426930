// The user's command-template profiles. Built-in profiles are defined in code (agents layer), not here.
// Owns the `profiles` table.
import type Database from 'better-sqlite3';
import type { Profile, ProfileKind } from '../../shared/contract/profiles';
import type { ProfileId } from '../../shared/ids';

interface ProfileRow {
  id: string;
  name: string;
  kind: string;
  argv_json: string;
}

function toProfile(row: ProfileRow): Profile {
  return {
    id: row.id as ProfileId,
    name: row.name,
    kind: row.kind as ProfileKind,
    argv: JSON.parse(row.argv_json) as string[],
    builtIn: false, cliId: null, builtin: null,
  };
}

interface SaveRow {
  id: string;
  name: string;
  argvJson: string;
  now: number;
}

export interface SaveProfile {
  id: ProfileId;
  name: string;
  argv: string[];
}

export class ProfilesRepo {
  private readonly listStmt: Database.Statement<[], ProfileRow>;
  private readonly getStmt: Database.Statement<[string], ProfileRow>;
  private readonly saveStmt: Database.Statement<[SaveRow], ProfileRow>;
  private readonly deleteStmt: Database.Statement<[string]>;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    const cols = 'id, name, kind, argv_json';
    this.listStmt = db.prepare<[], ProfileRow>(`SELECT ${cols} FROM profiles ORDER BY created_at, rowid`);
    this.getStmt = db.prepare<[string], ProfileRow>(`SELECT ${cols} FROM profiles WHERE id = ?`);
    this.saveStmt = db.prepare<[SaveRow], ProfileRow>(
      `INSERT INTO profiles (id, name, kind, argv_json, created_at) VALUES (@id, @name, 'command', @argvJson, @now)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, argv_json = excluded.argv_json
       RETURNING ${cols}`,
    );
    this.deleteStmt = db.prepare<[string]>('DELETE FROM profiles WHERE id = ?');
  }

  /** The user's command templates, oldest first. */
  list(): Profile[] {
    return this.listStmt.all().map(toProfile);
  }

  get(id: ProfileId): Profile | null {
    const row = this.getStmt.get(id);
    return row ? toProfile(row) : null;
  }

  /** Creates or replaces a command template; an existing one keeps its place in the list. */
  save(p: SaveProfile): Profile {
    const row = this.saveStmt.get({ id: p.id, name: p.name, argvJson: JSON.stringify(p.argv), now: this.now() });
    if (!row) throw new Error(`Saving profile ${p.id} returned no row.`);
    return toProfile(row);
  }

  /** True when a template was deleted, false when there was none with that id. */
  delete(id: ProfileId): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }
}
