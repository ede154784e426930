// The effective keymap: the catalog's defaults for this platform with the user's overrides on top,
// which command a chord runs, conflicts between commands, and whether a new assignment is allowed.
// Chords are kept in their canonical spelling (chordText), so comparing them is comparing strings.
import { COMMANDS, commandSpec, defaultKeysOf, isCommandId, type CommandId } from './catalog';
import { normalizeChord, parseChord, type Chord, chordText } from './chords';
import { refusalOf, type KeyEnv } from './key-rules';

/** Canonical chords per command, in catalog order; a command may have none. */
export type Keymap = ReadonlyMap<CommandId, readonly string[]>;
/** The user's choices: a command's chords instead of its defaults ([] = no shortcut). */
export type Overrides = Readonly<Partial<Record<CommandId, readonly string[]>>>;

/** Most chords one command may have. */
export const MAX_CHORDS_PER_COMMAND = 4;

export interface Conflict {
  readonly chord: string;
  readonly ids: readonly CommandId[];
}

/** A command's default chords in `env`, canonical. */
export function defaultChords(id: CommandId, env: KeyEnv): string[] {
  return defaultKeysOf(commandSpec(id), env).flatMap((k) => normalizeChord(k, env.platform) ?? []);
}

/** Defaults with the overrides applied. */
export function effectiveKeymap(overrides: Overrides, env: KeyEnv): Keymap {
  return new Map(COMMANDS.map((c) => [c.id, overrides[c.id] ?? defaultChords(c.id, env)]));
}

/** Chords claimed by more than one command. */
export function conflictsOf(keymap: Keymap): Conflict[] {
  const owners = new Map<string, CommandId[]>();
  for (const [id, chords] of keymap) {
    for (const chord of new Set(chords)) owners.set(chord, [...(owners.get(chord) ?? []), id]);
  }
  return [...owners].filter(([, ids]) => ids.length > 1).map(([chord, ids]) => ({ chord, ids }));
}

/** The command a chord runs: the first in catalog order that has it (a conflict is shown, not guessed at). */
export function commandOfChord(keymap: Keymap, chord: Chord): CommandId | null {
  const text = chordText(chord);
  for (const [id, chords] of keymap) if (chords.includes(text)) return id;
  return null;
}

export type Assignment = { readonly ok: true; readonly chord: string } | { readonly ok: false; readonly reason: string; readonly conflictWith?: CommandId };

/**
 * Whether `chord` may become `id`'s shortcut: refused when the platform, a text field, a terminal
 * or the browser needs it, or when another command already has it ("already used by …").
 */
export function checkAssignment(keymap: Keymap, id: CommandId, chord: Chord, env: KeyEnv, label: string): Assignment {
  const refusal = refusalOf(chord, env);
  if (refusal) return { ok: false, reason: `${label} ${refusal}.` };
  const text = chordText(chord);
  for (const [other, chords] of keymap) {
    if (other !== id && chords.includes(text)) {
      return { ok: false, reason: `${label} is already used by \u201c${commandSpec(other).title}\u201d.`, conflictWith: other };
    }
  }
  return { ok: true, chord: text };
}

/** The overrides with `id` set to `chords`; back to no override when they equal the defaults. */
export function withChords(overrides: Overrides, id: CommandId, chords: readonly string[], env: KeyEnv): Overrides {
  const next: Partial<Record<CommandId, readonly string[]>> = { ...overrides };
  const defaults = defaultChords(id, env);
  if (chords.length === defaults.length && chords.every((c, i) => c === defaults[i])) delete next[id];
  else next[id] = [...chords];
  return next;
}

export function withoutOverride(overrides: Overrides, id: CommandId): Overrides {
  const next: Partial<Record<CommandId, readonly string[]>> = { ...overrides };
  delete next[id];
  return next;
}

/**
 * Overrides read back from storage, keeping only what is still valid: known command ids, chords
 * that parse and are not refused here, at most MAX_CHORDS_PER_COMMAND each. Anything else is dropped.
 */
export function sanitizeOverrides(raw: unknown, env: KeyEnv): Overrides {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: Partial<Record<CommandId, readonly string[]>> = {};
  for (const [id, chords] of Object.entries(raw as Record<string, unknown>)) {
    if (!isCommandId(id) || !Array.isArray(chords)) continue;
    const valid = chords
      .filter((c): c is string => typeof c === 'string')
      .map((c) => parseChord(c, env.platform))
      .filter((c): c is Chord => c !== null && refusalOf(c, env) === null)
      .map(chordText);
    if (chords.length > 0 && valid.length === 0) continue; // nothing usable left: the defaults again
    out[id] = [...new Set(valid)].slice(0, MAX_CHORDS_PER_COMMAND);
  }
  return out;
}
