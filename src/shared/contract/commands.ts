// The window's commands across the process boundary: the desktop menu runs a command in the window
// (`app.command`, emitted by the core at the Electron main process's request), and the window tells
// the core its effective shortcuts so the menu shows the same keys (`app.setMenuShortcuts`).
import { z } from 'zod';
import { call, event } from './define';

/** A command id as the catalog spells them ("run.merge"). */
const CommandIdText = z.string().regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/).max(64);
/** A chord in its canonical spelling: modifiers and one key name or punctuation mark ("Ctrl+Shift+K", "Meta+/"). */
const ChordText = z
  .string()
  .regex(/^([A-Za-z]+\+)*([A-Za-z0-9]+|[/\\[\];',.`=-])$/)
  .max(40);

/** Most commands one window can report: far above the catalog's size. */
const MAX_MENU_COMMANDS = 200;

export const commandsContract = {
  /** A menu item was chosen: the window runs that command as if its shortcut had been pressed. */
  'app.command': event(z.object({ id: CommandIdText })),
  /**
   * The window's effective shortcuts, per command (the catalog's defaults with the user's changes),
   * so the desktop menu shows and accepts the same keys. Does nothing in headless mode.
   */
  'app.setMenuShortcuts': call(
    z
      .object({
        shortcuts: z.array(z.object({ command: CommandIdText, chords: z.array(ChordText).max(4) }).strict()).max(MAX_MENU_COMMANDS),
      })
      .strict(),
    z.object({}).strict(),
  ),
} as const;

/** One command's chords as the window reports them. */
export type MenuShortcut = { readonly command: string; readonly chords: readonly string[] };
