// Every command of the window, declared once: its id, title, category, default shortcuts and the
// app menu it appears in. The renderer binds each id to a handler (the palette, the shortcuts and
// the menus all run the same one); the Electron main process builds its menu from this list.
import type { KeyEnv } from './key-rules';

export type CommandCategory = 'General' | 'Threads' | 'Runs' | 'Terminal';
/** The app menu a command is listed in (Electron), or null for the palette only. */
export type MenuName = 'file' | 'view' | 'go' | 'run' | 'help';

export interface CommandSpec {
  readonly id: string;
  readonly title: string;
  readonly category: CommandCategory;
  /** Default chords, "Mod" being Cmd on macOS and Ctrl elsewhere; the first one is shown in menus. */
  readonly keys: readonly string[];
  /** Defaults on macOS instead of `keys`. */
  readonly keysMac?: readonly string[];
  /** Defaults in the headless web mode instead, where the browser keeps some chords for itself. */
  readonly keysWeb?: readonly string[];
  readonly menu: MenuName | null;
  /** More words the palette's filter matches. */
  readonly keywords?: string;
  /**
   * What its keys do while it cannot run: 'explain' (default) says why; 'pass' leaves the key to
   * the page (Ctrl+F then still finds in the page).
   */
  readonly whenUnavailable?: 'explain' | 'pass';
}

export const COMMANDS = [
  { id: 'palette.open', title: 'Command palette', category: 'General', keys: ['Mod+K', 'Mod+Shift+P'], menu: 'view', keywords: 'commands actions search run' },
  { id: 'shortcuts.open', title: 'Keyboard shortcuts', category: 'General', keys: ['Mod+/'], menu: 'help', keywords: 'keys keymap remap bindings hotkeys' },
  { id: 'repo.open', title: 'Open repository\u2026', category: 'General', keys: ['Mod+O'], menu: 'file', keywords: 'folder switch project' },
  { id: 'thread.new', title: 'New thread', category: 'Threads', keys: ['Mod+N'], keysWeb: ['Mod+Alt+N'], menu: 'file', keywords: 'compose prompt start agents' },
  { id: 'composer.focus', title: 'Focus the prompt', category: 'Threads', keys: ['Mod+I'], menu: 'go', keywords: 'composer input follow-up type write' },
  { id: 'thread.compare', title: 'Compare runs', category: 'Threads', keys: ['Mod+Shift+X'], menu: 'view', keywords: 'matrix scorecard side by side' },
  { id: 'thread.checksAll', title: 'Run checks on all runs', category: 'Threads', keys: [], menu: 'run', keywords: 'tests lint build' },
  { id: 'run.next', title: 'Next run', category: 'Runs', keys: ['Mod+Shift+ArrowDown'], menu: 'go', keywords: 'focus select card down' },
  { id: 'run.previous', title: 'Previous run', category: 'Runs', keys: ['Mod+Shift+ArrowUp'], menu: 'go', keywords: 'focus select card up' },
  { id: 'run.nextNeedingInput', title: 'Jump to the next run needing input', category: 'Runs', keys: ['Mod+J'], menu: 'go', keywords: 'needs you waiting attention approval' },
  { id: 'run.open', title: 'Open run in the large terminal', category: 'Runs', keys: [], menu: 'go', keywords: 'focus terminal type' },
  { id: 'view.board', title: 'Back to the board', category: 'Runs', keys: [], menu: 'go', keywords: 'close return escape' },
  { id: 'run.review', title: 'Open diff', category: 'Runs', keys: ['Mod+Shift+D'], menu: 'view', keywords: 'review changes patch files' },
  { id: 'run.merge', title: 'Merge run\u2026', category: 'Runs', keys: ['Mod+Shift+M'], menu: 'run', keywords: 'squash rebase base branch keep' },
  { id: 'run.stop', title: 'Stop run', category: 'Runs', keys: ['Mod+Shift+Backspace'], menu: 'run', keywords: 'kill interrupt end' },
  { id: 'run.archive', title: 'Archive run', category: 'Runs', keys: ['Mod+Shift+A'], menu: 'run', keywords: 'remove worktree trash' },
  { id: 'run.checks', title: 'Run checks', category: 'Runs', keys: [], menu: 'run', keywords: 'tests lint build' },
  { id: 'run.resume', title: 'Resume run', category: 'Runs', keys: [], menu: 'run', keywords: 'continue session restart agent' },
  { id: 'trash.open', title: 'Open the trash', category: 'Runs', keys: [], menu: 'go', keywords: 'archived restore deleted' },
  { id: 'terminal.find', title: 'Find in terminal', category: 'Terminal', keys: ['Mod+F'], menu: 'view', keywords: 'search scrollback', whenUnavailable: 'pass' },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMANDS)[number]['id'];

const BY_ID: ReadonlyMap<string, CommandSpec> = new Map(COMMANDS.map((c) => [c.id, c]));

export function isCommandId(id: unknown): id is CommandId {
  return typeof id === 'string' && BY_ID.has(id);
}

export function commandSpec(id: CommandId): CommandSpec {
  const spec = BY_ID.get(id);
  if (!spec) throw new Error(`unknown command ${id}`);
  return spec;
}

/** The default chords (as written in the catalog, with "Mod") of a command in `env`. */
export function defaultKeysOf(spec: CommandSpec, env: KeyEnv): readonly string[] {
  if (env.web && spec.keysWeb) return spec.keysWeb;
  if (env.platform === 'mac' && spec.keysMac) return spec.keysMac;
  return spec.keys;
}
