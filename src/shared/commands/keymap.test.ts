import { describe, expect, it } from 'vitest';
import { COMMANDS, defaultKeysOf, type CommandId } from './catalog';
import { parseChord } from './chords';
import { firesWhileTyping, refusalOf, terminalKeeps, type KeyEnv } from './key-rules';
import { checkAssignment, commandOfChord, conflictsOf, defaultChords, effectiveKeymap, sanitizeOverrides, withChords, withoutOverride } from './keymap';

const ENVS: readonly KeyEnv[] = [
  { platform: 'mac', web: false },
  { platform: 'other', web: false },
  { platform: 'mac', web: true },
  { platform: 'other', web: true },
];
const linux: KeyEnv = { platform: 'other', web: false };
const chord = (text: string, env: KeyEnv = linux) => {
  const c = parseChord(text, env.platform);
  if (!c) throw new Error(`not a chord: ${text}`);
  return c;
};

describe('the catalog and the keymap', () => {
  it('has unique ids and titles', () => {
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
    expect(new Set(COMMANDS.map((c) => c.title)).size).toBe(COMMANDS.length);
  });

  for (const env of ENVS) {
    it(`has valid, allowed and conflict-free defaults on ${env.platform}${env.web ? ' in the browser' : ''}`, () => {
      for (const spec of COMMANDS) {
        for (const key of defaultKeysOf(spec, env)) {
          const c = parseChord(key, env.platform);
          expect(c, `${spec.id}: ${key}`).not.toBeNull();
          expect(refusalOf(c!, env), `${spec.id}: ${key}`).toBeNull();
        }
      }
      expect(conflictsOf(effectiveKeymap({}, env))).toEqual([]);
    });

    it(`keeps the palette reachable from a running terminal on ${env.platform}${env.web ? ' in the browser' : ''}`, () => {
      const reachable = defaultChords('palette.open', env).some((text) => !terminalKeeps(chord(text, env), env.platform));
      expect(reachable).toBe(true);
    });
  }

  it('moves New thread off Ctrl+N in the browser, which keeps Ctrl+N for a new window', () => {
    expect(defaultChords('thread.new', linux)).toEqual(['Ctrl+N']);
    expect(defaultChords('thread.new', { platform: 'other', web: true })).toEqual(['Ctrl+Alt+N']);
    expect(refusalOf(chord('Ctrl+N'), { platform: 'other', web: true })).toMatch(/new window in the browser/);
    expect(refusalOf(chord('Cmd+T', { platform: 'mac', web: true }), { platform: 'mac', web: true })).toMatch(/new tab/);
    expect(refusalOf(chord('Ctrl+N'), linux)).toBeNull();
  });

  it('refuses keys that terminals, text fields, the window and the system need', () => {
    const mac: KeyEnv = { platform: 'mac', web: false };
    expect(refusalOf(chord('Ctrl+C'), linux)).toMatch(/interrupts/);
    expect(refusalOf(chord('Ctrl+D', mac), mac)).toMatch(/EOF/);
    expect(refusalOf(chord('Ctrl+Z', mac), mac)).toMatch(/suspends/);
    expect(refusalOf(chord('Ctrl+Shift+C'), linux)).toMatch(/copies in a terminal/);
    expect(refusalOf(chord('Cmd+V', mac), mac)).toMatch(/pastes/);
    expect(refusalOf(chord('Cmd+Shift+Z', mac), mac)).toMatch(/redoes/);
    expect(refusalOf(chord('Cmd+Q', mac), mac)).toMatch(/quits/);
    expect(refusalOf(chord('Tab'), linux)).toMatch(/operates the window/);
    expect(refusalOf(chord('Shift+K'), linux)).toMatch(/types text/);
    expect(refusalOf(chord('Super+K'), linux)).toMatch(/desktop/);
    expect(refusalOf(chord('Ctrl+Alt+F2'), linux)).toMatch(/text console/);
    expect(refusalOf(chord('F2'), linux)).toBeNull();
    expect(refusalOf(chord('Ctrl+Alt+C'), linux)).toBeNull();
  });

  it('knows which chords a program in a terminal keeps, and which fire while typing', () => {
    expect(terminalKeeps(chord('Ctrl+K'), 'other')).toBe(true);
    expect(terminalKeeps(chord('Ctrl+Shift+P'), 'other')).toBe(false);
    expect(terminalKeeps(chord('Alt+N'), 'other')).toBe(true);
    expect(terminalKeeps(chord('Cmd+K', { platform: 'mac', web: false }), 'mac')).toBe(false);
    expect(terminalKeeps(chord('Ctrl+K'), 'mac')).toBe(true);
    expect(firesWhileTyping(chord('Ctrl+K'), 'other')).toBe(true);
    expect(firesWhileTyping(chord('Alt+K'), 'other')).toBe(false);
    expect(firesWhileTyping(chord('Ctrl+Shift+ArrowDown'), 'other')).toBe(false);
  });

  it('finds the command of a chord, and detects conflicts between overrides and defaults', () => {
    const keymap = effectiveKeymap({}, linux);
    expect(commandOfChord(keymap, chord('Ctrl+Shift+M'))).toBe('run.merge');
    expect(commandOfChord(keymap, chord('Ctrl+Shift+P'))).toBe('palette.open');
    expect(commandOfChord(keymap, chord('Ctrl+Alt+C'))).toBeNull();
    const clash = effectiveKeymap({ 'thread.compare': ['Ctrl+Shift+M'] }, linux);
    expect(conflictsOf(clash)).toEqual([{ chord: 'Ctrl+Shift+M', ids: ['thread.compare', 'run.merge'] }]);
  });

  it('refuses an assignment already used by another command, or needed elsewhere, and takes a free one', () => {
    const keymap = effectiveKeymap({}, linux);
    const taken = checkAssignment(keymap, 'thread.compare', chord('Ctrl+Shift+M'), linux, 'Ctrl+Shift+M');
    expect(taken).toEqual({ ok: false, reason: 'Ctrl+Shift+M is already used by \u201cMerge run\u2026\u201d.', conflictWith: 'run.merge' });
    expect(checkAssignment(keymap, 'thread.compare', chord('Ctrl+C'), linux, 'Ctrl+C')).toMatchObject({ ok: false, reason: expect.stringMatching(/^Ctrl\+C interrupts/) });
    // A command may keep its own chord.
    expect(checkAssignment(keymap, 'run.merge', chord('Ctrl+Shift+M'), linux, 'Ctrl+Shift+M')).toEqual({ ok: true, chord: 'Ctrl+Shift+M' });
    expect(checkAssignment(keymap, 'thread.compare', chord('Ctrl+Alt+C'), linux, 'Ctrl+Alt+C')).toEqual({ ok: true, chord: 'Ctrl+Alt+C' });
  });

  it('keeps an override only while it differs from the defaults', () => {
    const set = withChords({}, 'thread.compare', ['Ctrl+Alt+C'], linux);
    expect(set).toEqual({ 'thread.compare': ['Ctrl+Alt+C'] });
    expect(effectiveKeymap(set, linux).get('thread.compare')).toEqual(['Ctrl+Alt+C']);
    expect(withChords(set, 'thread.compare', ['Ctrl+Shift+X'], linux)).toEqual({});
    expect(withChords({}, 'run.stop', [], linux)).toEqual({ 'run.stop': [] });
    expect(withoutOverride(set, 'thread.compare')).toEqual({});
  });

  it('reads stored overrides defensively', () => {
    const raw = {
      'thread.compare': ['Ctrl+Alt+C', 'ctrl+alt+c', 'Ctrl+C', 42, 'nonsense'],
      'run.stop': [],
      'run.merge': ['Ctrl+C'],
      'no.such.command': ['Ctrl+Alt+Z'],
      ['__proto__' as CommandId]: ['Ctrl+Alt+P'],
    };
    expect(sanitizeOverrides(raw, linux)).toEqual({ 'thread.compare': ['Ctrl+Alt+C'], 'run.stop': [] });
    for (const junk of [null, 'x', [], 3]) expect(sanitizeOverrides(junk, linux)).toEqual({});
  });
});
