// Where the user's shortcut changes live: the window's localStorage (Electron and the browser both
// have one), as JSON under one versioned key. Reading is defensive: anything unusable is dropped
// (see sanitizeOverrides), and a storage that throws (private mode, quota) only loses the changes.
import type { KeyEnv } from '../../../shared/commands/key-rules';
import { sanitizeOverrides, type Overrides } from '../../../shared/commands/keymap';

/** The part of the Web Storage API used here. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The storage key; a new format gets a new version. */
export const OVERRIDES_KEY = 'switchyard.shortcuts.v1';

export function loadOverrides(storage: KeyValueStorage | null, env: KeyEnv): Overrides {
  try {
    const text = storage?.getItem(OVERRIDES_KEY);
    return text ? sanitizeOverrides(JSON.parse(text), env) : {};
  } catch {
    return {};
  }
}

/** Saves the overrides; false when the storage refused them (they then last this session only). */
export function saveOverrides(storage: KeyValueStorage | null, overrides: Overrides): boolean {
  if (!storage) return false;
  try {
    if (Object.keys(overrides).length === 0) storage.removeItem(OVERRIDES_KEY);
    else storage.setItem(OVERRIDES_KEY, JSON.stringify(overrides));
    return true;
  } catch {
    return false;
  }
}
