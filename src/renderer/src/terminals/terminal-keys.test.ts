import { describe, expect, it } from 'vitest';
import { terminalKeyAction, type KeyLike } from './terminal-keys';

const key = (k: string, mods: Partial<Omit<KeyLike, 'key'>> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('terminalKeyAction', () => {
  it('Linux and Windows: Ctrl+Shift+C/V copy and paste, Ctrl+F finds, Ctrl+C stays an interrupt', () => {
    expect(terminalKeyAction(key('C', { ctrlKey: true, shiftKey: true }), false)).toBe('copy');
    expect(terminalKeyAction(key('V', { ctrlKey: true, shiftKey: true }), false)).toBe('paste');
    expect(terminalKeyAction(key('f', { ctrlKey: true }), false)).toBe('find');
    expect(terminalKeyAction(key('c', { ctrlKey: true }), false)).toBeNull();
    expect(terminalKeyAction(key('v', { ctrlKey: true }), false)).toBeNull();
    expect(terminalKeyAction(key('c', { metaKey: true }), false)).toBeNull();
    expect(terminalKeyAction(key('c', { ctrlKey: true, shiftKey: true, altKey: true }), false)).toBeNull();
  });

  it('macOS: Cmd+C/V/F, while Ctrl+C and Ctrl+F go to the program', () => {
    expect(terminalKeyAction(key('c', { metaKey: true }), true)).toBe('copy');
    expect(terminalKeyAction(key('v', { metaKey: true }), true)).toBe('paste');
    expect(terminalKeyAction(key('f', { metaKey: true }), true)).toBe('find');
    expect(terminalKeyAction(key('c', { ctrlKey: true }), true)).toBeNull();
    expect(terminalKeyAction(key('f', { ctrlKey: true }), true)).toBeNull();
    expect(terminalKeyAction(key('x', { metaKey: true }), true)).toBeNull();
  });
});
