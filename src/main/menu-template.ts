// The app menu's template, built from the command catalog: File, Edit, View, Go, Run, Window and
// Help, each command with its effective shortcut. A click runs the command in the window (through
// the core's `app.command` event). Pure: the Electron side (app-menu.ts) only builds and sets it.
//
// Keys reach the window first: the renderer's dispatcher handles every shortcut itself and knows
// when a terminal or a text field keeps a key. So accelerators here are labels only on Windows and
// Linux (`registerAccelerator: false`); macOS performs a menu's key only when the page did not take
// it, so there an item gets an accelerator only for a ⌘ chord that edits no text. The zoom items
// keep their usual keys everywhere (only the menu can zoom); text editing works without the menu.
import type { MenuItemConstructorOptions } from 'electron';
import { COMMANDS, isCommandId, type CommandId, type MenuName } from '../shared/commands/catalog';
import { hasMod, normalizeChord, parseChord, toAccelerator, type KeyPlatform } from '../shared/commands/chords';
import { isTextEditing } from '../shared/commands/key-rules';
import { effectiveKeymap, type Keymap } from '../shared/commands/keymap';
import type { MenuShortcut } from '../shared/contract/commands';

export interface MenuOptions {
  readonly platform: KeyPlatform;
  /** Adds the developer tools item (development builds). */
  readonly dev: boolean;
  readonly run: (id: CommandId) => void;
}

/** The desktop defaults with what the window reported on top (unknown ids and bad chords ignored). */
export function menuKeymap(reported: readonly MenuShortcut[], platform: KeyPlatform): Keymap {
  const keymap = new Map(effectiveKeymap({}, { platform, web: false }));
  for (const { command, chords } of reported) {
    if (isCommandId(command)) keymap.set(command, chords.flatMap((c) => normalizeChord(c, platform) ?? []));
  }
  return keymap;
}

/** The accelerator a menu item shows for `chords`, or undefined. */
export function acceleratorOf(chords: readonly string[], platform: KeyPlatform): string | undefined {
  for (const text of chords) {
    const chord = parseChord(text, platform);
    if (!chord) continue;
    if (platform === 'mac' && (!hasMod(chord, platform) || isTextEditing(chord))) continue;
    return toAccelerator(chord, platform);
  }
  return undefined;
}

export function menuTemplate(keymap: Keymap, opts: MenuOptions): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'mac';
  const labelOnly = mac ? {} : { registerAccelerator: false };
  const items = (menu: MenuName): MenuItemConstructorOptions[] =>
    COMMANDS.filter((c) => c.menu === menu).map((c) => {
      const accelerator = acceleratorOf(keymap.get(c.id) ?? [], opts.platform);
      return { id: c.id, label: c.title, ...(accelerator ? { accelerator, ...labelOnly } : {}), click: () => opts.run(c.id) };
    });
  const role = (r: NonNullable<MenuItemConstructorOptions['role']>): MenuItemConstructorOptions => ({ role: r, ...labelOnly });
  const zoom = (r: 'resetZoom' | 'zoomIn' | 'zoomOut'): MenuItemConstructorOptions => ({ role: r });
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [...items('file'), separator, mac ? { role: 'close' } : role('quit')] },
    mac
      ? { role: 'editMenu' }
      : { label: 'Edit', submenu: [role('undo'), role('redo'), separator, role('cut'), role('copy'), role('paste'), role('selectAll')] },
    {
      label: 'View',
      submenu: [
        ...items('view'),
        separator,
        zoom('resetZoom'),
        zoom('zoomIn'),
        zoom('zoomOut'),
        separator,
        role('togglefullscreen'),
        ...(opts.dev ? [role('toggleDevTools')] : []),
      ],
    },
    { label: 'Go', submenu: items('go') },
    { label: 'Run', submenu: items('run') },
    { role: 'windowMenu' },
    { role: 'help', submenu: items('help') },
  ];
}
