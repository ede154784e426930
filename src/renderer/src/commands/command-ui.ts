// What the command layer shows and remembers, apart from the app store: whether the palette or the
// shortcuts dialog is open, the run a "Merge…" command asked a dialog for, the last note about a
// command that could not run, the run card that last had the keyboard (what run commands act on
// from the board), a counter the focused view watches to open its terminal search, and the user's
// shortcut overrides.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CommandId } from '../../../shared/commands/catalog';
import type { Overrides } from '../../../shared/commands/keymap';

export interface CommandNote {
  readonly id: number;
  readonly text: string;
}

export interface CommandUiState {
  readonly paletteOpen: boolean;
  readonly shortcutsOpen: boolean;
  /** The run whose merge dialog a command opened; null when none. */
  readonly mergeRunId: string | null;
  /** Why the last command could not run ("Merge run…: select a finished run first."); null when none. */
  readonly note: CommandNote | null;
  /** The board's run card that last had the keyboard focus. */
  readonly cardRunId: string | null;
  /** Bumped by "Find in terminal"; the focused view opens (or closes) its search bar when it changes. */
  readonly findRequests: number;
  readonly overrides: Overrides;
  /** The command last run, and how it was asked for. */
  readonly lastRun: { readonly id: CommandId; readonly via: 'key' | 'palette' | 'menu' } | null;
}

export type CommandUiStore = StoreApi<CommandUiState>;

export const initialCommandUi: CommandUiState = {
  paletteOpen: false,
  shortcutsOpen: false,
  mergeRunId: null,
  note: null,
  cardRunId: null,
  findRequests: 0,
  overrides: {},
  lastRun: null,
};

export function createCommandUiStore(state: Partial<CommandUiState> = {}): CommandUiStore {
  return createStore<CommandUiState>()(() => ({ ...initialCommandUi, ...state }));
}

export function withNote(s: CommandUiState, text: string): Pick<CommandUiState, 'note'> {
  return { note: { id: (s.note?.id ?? 0) + 1, text } };
}
