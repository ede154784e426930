import { describe, expect, it } from 'vitest';
import { parseChord } from '../../../shared/commands/chords';
import type { KeyEnv } from '../../../shared/commands/key-rules';
import { effectiveKeymap } from '../../../shared/commands/keymap';
import { decideKey, type KeyPlace } from './dispatch';

const linux: KeyEnv = { platform: 'other', web: false };
const mac: KeyEnv = { platform: 'mac', web: false };
const keymapOf = (env: KeyEnv) => effectiveKeymap({}, env);
const place = (over: Partial<KeyPlace> = {}): KeyPlace => ({ kind: 'other', liveTerminal: false, dialogOpen: false, ...over });
const decide = (text: string, p: KeyPlace, env: KeyEnv = linux, unavailable: (id: string) => string | null = () => null) =>
  decideKey(parseChord(text, env.platform), p, keymapOf(env), env, unavailable);

describe('the keydown dispatcher', () => {
  it('runs the command of a chord', () => {
    expect(decide('Ctrl+K', place())).toEqual({ kind: 'run', id: 'palette.open' });
    expect(decide('Ctrl+Alt+Q', place())).toEqual({ kind: 'ignore' });
  });

  it('never takes typing: in a text field only Mod chords that edit no text fire', () => {
    expect(decide('Ctrl+K', place({ kind: 'text' }))).toEqual({ kind: 'run', id: 'palette.open' });
    expect(decide('Ctrl+Shift+ArrowDown', place({ kind: 'text' }))).toEqual({ kind: 'ignore' });
    expect(decide('Ctrl+Shift+ArrowDown', place())).toEqual({ kind: 'run', id: 'run.next' });
  });

  it('leaves a running program its terminal keys, and takes the rest', () => {
    const live = place({ kind: 'terminal', liveTerminal: true });
    expect(decide('Ctrl+K', live)).toEqual({ kind: 'ignore' });
    expect(decide('Ctrl+J', live)).toEqual({ kind: 'ignore' });
    expect(decide('Ctrl+Shift+P', live)).toEqual({ kind: 'run', id: 'palette.open' });
    // The terminal's own find key is the page's.
    expect(decide('Ctrl+F', { ...live, terminalLeavesKey: true })).toEqual({ kind: 'run', id: 'terminal.find' });
    // An ended run's terminal has no program: Ctrl+J jumps.
    expect(decide('Ctrl+J', place({ kind: 'terminal' }))).toEqual({ kind: 'run', id: 'run.nextNeedingInput' });
    // On macOS, Cmd chords reach the window; Ctrl chords are the program's.
    expect(decide('Cmd+J', live, mac)).toEqual({ kind: 'run', id: 'run.nextNeedingInput' });
  });

  it('leaves every key to an open dialog', () => {
    expect(decide('Ctrl+K', place({ dialogOpen: true }))).toEqual({ kind: 'ignore' });
  });

  it('explains a command that cannot run, except one that gives its key back (find in the page)', () => {
    const no = () => 'Select a run first.';
    expect(decide('Ctrl+Shift+M', place(), linux, no)).toEqual({ kind: 'explain', id: 'run.merge', reason: 'Select a run first.' });
    expect(decide('Ctrl+F', place(), linux, no)).toEqual({ kind: 'ignore' });
  });
});
