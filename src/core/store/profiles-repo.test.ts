import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProfileId } from '../../shared/ids';
import { closeDatabase, openDatabase } from './database';
import { ProfilesRepo } from './profiles-repo';
import { tempDbFile, type TempDb } from './test-fixtures';

let tmp: TempDb;
let db: Database.Database;
let profiles: ProfilesRepo;
let clock: number;
beforeEach(async () => {
  tmp = tempDbFile();
  db = await openDatabase(tmp.file);
  clock = 1000;
  profiles = new ProfilesRepo(db, () => clock++);
});
afterEach(() => {
  closeDatabase(db);
  tmp.cleanup();
});

const id = (s: string) => s as ProfileId;

describe('ProfilesRepo', () => {
  it('round-trips a command template as a non-built-in command profile', () => {
    const argv = ['aider', '--message', 'say "{prompt}" ünïcode 🚀', ''];
    const saved = profiles.save({ id: id('aider-1'), name: 'Aider', argv });
    const expected = { id: 'aider-1', name: 'Aider', kind: 'command', argv, builtIn: false, cliId: null, builtin: null };
    expect(saved).toEqual(expected);
    expect(profiles.get(id('aider-1'))).toEqual(expected);
    expect(profiles.get(id('nope'))).toBeNull();
  });

  it('lists in creation order; saving again replaces but keeps the place', () => {
    profiles.save({ id: id('b'), name: 'B', argv: ['b'] });
    profiles.save({ id: id('a'), name: 'A', argv: ['a'] });
    profiles.save({ id: id('b'), name: 'B2', argv: ['b2', '{prompt}'] });
    expect(profiles.list().map((p) => [p.id, p.name, p.argv])).toEqual([
      ['b', 'B2', ['b2', '{prompt}']],
      ['a', 'A', ['a']],
    ]);
  });

  it('deletes and says whether something was deleted', () => {
    profiles.save({ id: id('x'), name: 'X', argv: ['x'] });
    expect(profiles.delete(id('x'))).toBe(true);
    expect(profiles.delete(id('x'))).toBe(false);
    expect(profiles.list()).toEqual([]);
  });
});
