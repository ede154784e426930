import { describe, expect, it } from 'vitest';
import { ariaKeyShortcut, chordFromEvent, chordText, formatChord, normalizeChord, parseChord, toAccelerator } from './chords';

const ev = (key: string, mods: Partial<{ ctrl: boolean; alt: boolean; shift: boolean; meta: boolean }> = {}, code?: string) => ({
  key,
  ...(code ? { code } : {}),
  ctrlKey: mods.ctrl ?? false,
  altKey: mods.alt ?? false,
  shiftKey: mods.shift ?? false,
  metaKey: mods.meta ?? false,
});

describe('chords', () => {
  it('resolves Mod to Cmd on macOS and Ctrl elsewhere, in one canonical spelling', () => {
    expect(normalizeChord('Mod+Shift+k', 'mac')).toBe('Shift+Meta+K');
    expect(normalizeChord('Mod+Shift+k', 'other')).toBe('Ctrl+Shift+K');
    expect(normalizeChord('shift+ctrl+P', 'other')).toBe('Ctrl+Shift+P');
    expect(normalizeChord('cmd+/', 'mac')).toBe('Meta+/');
    expect(normalizeChord('Ctrl+Alt+up', 'other')).toBe('Ctrl+Alt+ArrowUp');
    expect(normalizeChord('Option+esc', 'mac')).toBe('Alt+Escape');
    expect(normalizeChord('Mod+f12', 'other')).toBe('Ctrl+F12');
  });

  it('refuses what is not a chord', () => {
    for (const bad of ['', 'Mod+', '+K', 'Ctrl+Shift', 'Hyper+K', 'Ctrl+F25', 'Ctrl+\u00e9', 'Ctrl++']) expect(parseChord(bad, 'other')).toBeNull();
  });

  it('reads chords from keydown events: letters by their character, Option and Shift keys by their physical key', () => {
    expect(chordText(chordFromEvent(ev('k', { ctrl: true }, 'KeyK'))!)).toBe('Ctrl+K');
    expect(chordText(chordFromEvent(ev('K', { ctrl: true, shift: true }, 'KeyK'))!)).toBe('Ctrl+Shift+K');
    // Option+N types a dead tilde on a US Mac; the physical key still says N.
    expect(chordText(chordFromEvent(ev('\u02dc', { alt: true, meta: true }, 'KeyN'))!)).toBe('Alt+Meta+N');
    // Shift+/ types "?": the shortcut is Shift+/, with or without a code.
    expect(chordText(chordFromEvent(ev('?', { ctrl: true, shift: true }, 'Slash'))!)).toBe('Ctrl+Shift+/');
    expect(chordText(chordFromEvent(ev('?', { ctrl: true, shift: true }))!)).toBe('Ctrl+Shift+/');
    expect(chordText(chordFromEvent(ev('!', { meta: true, shift: true }, 'Digit1'))!)).toBe('Shift+Meta+1');
    expect(chordText(chordFromEvent(ev('ArrowDown', { ctrl: true, shift: true }, 'ArrowDown'))!)).toBe('Ctrl+Shift+ArrowDown');
    expect(chordText(chordFromEvent(ev(' ', { ctrl: true }, 'Space'))!)).toBe('Ctrl+Space');
    // A Cyrillic layout: the key is the letter's physical position.
    expect(chordText(chordFromEvent(ev('\u043b', { ctrl: true }, 'KeyK'))!)).toBe('Ctrl+K');
    // Num Lock off: the numpad key is End, not 1.
    expect(chordText(chordFromEvent(ev('End', { ctrl: true }, 'Numpad1'))!)).toBe('Ctrl+End');
    for (const lone of ['Control', 'Shift', 'Meta', 'Alt', 'AltGraph', 'Dead', 'Unidentified']) expect(chordFromEvent(ev(lone, { ctrl: true }))).toBeNull();
  });

  it('shows chords the way each platform writes them, for ARIA and for Electron menus', () => {
    const chord = parseChord('Mod+Shift+ArrowDown', 'mac')!;
    expect(formatChord(chord, 'mac')).toBe('\u21e7\u2318\u2193');
    expect(toAccelerator(chord, 'mac')).toBe('Shift+Cmd+Down');
    const linux = parseChord('Mod+Shift+M', 'other')!;
    expect(formatChord(linux, 'other')).toBe('Ctrl+Shift+M');
    expect(toAccelerator(linux, 'other')).toBe('Ctrl+Shift+M');
    expect(ariaKeyShortcut(linux)).toBe('Control+Shift+M');
    expect(formatChord(parseChord('Ctrl+Alt+Escape', 'other')!, 'other')).toBe('Ctrl+Alt+Esc');
  });
});
