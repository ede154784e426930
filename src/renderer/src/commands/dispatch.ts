// The keyboard's way to a command: given a keydown's chord and where it was typed, decide whether a
// command runs, says why it cannot, or leaves the key alone. Typing is never taken: in a text field
// only Mod chords that edit no text fire, a program reading a terminal keeps its keys (control
// characters, Alt/Option), and an open dialog (other than the palette) keeps every key. Pure.
import { commandSpec, type CommandId } from '../../../shared/commands/catalog';
import type { Chord } from '../../../shared/commands/chords';
import { firesWhileTyping, terminalKeeps, type KeyEnv } from '../../../shared/commands/key-rules';
import { commandOfChord, type Keymap } from '../../../shared/commands/keymap';

/** Where a key was typed. */
export interface KeyPlace {
  /** A terminal, a text field (input, textarea, select, contenteditable) or anything else. */
  readonly kind: 'terminal' | 'text' | 'other';
  /** The terminal belongs to a program that reads its keys (a running PTY, not a built-in agent). */
  readonly liveTerminal: boolean;
  /** The terminal leaves this key to the page itself (its find key, Ctrl/Cmd+F). */
  readonly terminalLeavesKey?: boolean;
  /** A modal dialog other than the command palette is open: it keeps the keyboard. */
  readonly dialogOpen: boolean;
}

export type KeyDecision =
  | { readonly kind: 'ignore' }
  | { readonly kind: 'run'; readonly id: CommandId }
  | { readonly kind: 'explain'; readonly id: CommandId; readonly reason: string };

const IGNORE: KeyDecision = { kind: 'ignore' };

export function decideKey(chord: Chord | null, place: KeyPlace, keymap: Keymap, env: KeyEnv, unavailable: (id: CommandId) => string | null): KeyDecision {
  if (!chord || place.dialogOpen) return IGNORE;
  const id = commandOfChord(keymap, chord);
  if (!id) return IGNORE;
  if (place.kind === 'text' && !firesWhileTyping(chord, env.platform)) return IGNORE;
  if (place.kind === 'terminal' && place.liveTerminal && !place.terminalLeavesKey && terminalKeeps(chord, env.platform)) return IGNORE;
  const reason = unavailable(id);
  if (!reason) return { kind: 'run', id };
  return commandSpec(id).whenUnavailable === 'pass' ? IGNORE : { kind: 'explain', id, reason };
}
