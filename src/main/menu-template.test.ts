import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { COMMANDS, type CommandId } from '../shared/commands/catalog';
import { acceleratorOf, menuKeymap, menuTemplate } from './menu-template';

type Item = MenuItemConstructorOptions;
const submenuOf = (template: Item[], label: string): Item[] => (template.find((m) => m.label === label || m.role === label)?.submenu as Item[] | undefined) ?? [];
const commandItems = (template: Item[]): Item[] => template.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : [])).filter((i) => typeof i.id === 'string');

describe('the app menu', () => {
  it('lists every command that has a menu, with its shortcut, and a click runs it', () => {
    const ran: CommandId[] = [];
    const template = menuTemplate(menuKeymap([], 'other'), { platform: 'other', dev: false, run: (id) => ran.push(id) });
    const items = commandItems(template);
    expect(items.map((i) => i.id).sort()).toEqual(COMMANDS.filter((c) => c.menu !== null).map((c) => c.id).sort());
    const merge = submenuOf(template, 'Run').find((i) => i.id === 'run.merge');
    expect(merge).toMatchObject({ label: 'Merge run\u2026', accelerator: 'Ctrl+Shift+M', registerAccelerator: false });
    (merge?.click as () => void)();
    expect(ran).toEqual(['run.merge']);
    expect(submenuOf(template, 'File').find((i) => i.id === 'thread.new')?.accelerator).toBe('Ctrl+N');
    expect(submenuOf(template, 'View').some((i) => i.role === 'toggleDevTools')).toBe(false);
  });

  it('shows the shortcuts the window reported, ignoring unknown ids and bad chords', () => {
    const keymap = menuKeymap(
      [
        { command: 'thread.compare', chords: ['Ctrl+Alt+C'] },
        { command: 'run.stop', chords: [] },
        { command: 'no.such', chords: ['Ctrl+Alt+Q'] },
        { command: 'run.merge', chords: ['nonsense', 'Ctrl+Alt+M'] },
      ],
      'other',
    );
    const items = commandItems(menuTemplate(keymap, { platform: 'other', dev: true, run: () => {} }));
    expect(items.find((i) => i.id === 'thread.compare')?.accelerator).toBe('Ctrl+Alt+C');
    expect(items.find((i) => i.id === 'run.stop')?.accelerator).toBeUndefined();
    expect(items.find((i) => i.id === 'run.merge')?.accelerator).toBe('Ctrl+Alt+M');
  });

  it('on macOS, registers only \u2318 chords that edit no text, so typing never reaches the menu', () => {
    expect(acceleratorOf(['Shift+Meta+ArrowDown'], 'mac')).toBeUndefined();
    expect(acceleratorOf(['Alt+N', 'Meta+K'], 'mac')).toBe('Cmd+K');
    const template = menuTemplate(menuKeymap([], 'mac'), { platform: 'mac', dev: false, run: () => {} });
    expect(template[0]).toEqual({ role: 'appMenu' });
    const palette = commandItems(template).find((i) => i.id === 'palette.open');
    expect(palette).toMatchObject({ accelerator: 'Cmd+K' });
    expect(palette).not.toHaveProperty('registerAccelerator');
  });
});
