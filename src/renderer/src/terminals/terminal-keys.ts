// The keys the focused terminal keeps from the program: copy, paste and find. Everything else,
// plain Ctrl+C (an interrupt) included, goes to the PTY.

export type TerminalKeyAction = 'copy' | 'paste' | 'find';

/** The fields of a KeyboardEvent the mapping reads. */
export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
}

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * macOS: Cmd+C, Cmd+V, Cmd+F (Ctrl stays the program's). Elsewhere: Ctrl+Shift+C, Ctrl+Shift+V,
 * and Ctrl+F for find, as in VS Code's terminal.
 */
export function terminalKeyAction(e: KeyLike, mac: boolean = IS_MAC): TerminalKeyAction | null {
  if (e.altKey) return null;
  const key = e.key.toLowerCase();
  if (mac) {
    if (!e.metaKey || e.ctrlKey || e.shiftKey) return null;
    return key === 'c' ? 'copy' : key === 'v' ? 'paste' : key === 'f' ? 'find' : null;
  }
  if (!e.ctrlKey || e.metaKey) return null;
  if (e.shiftKey) return key === 'c' ? 'copy' : key === 'v' ? 'paste' : null;
  return key === 'f' ? 'find' : null;
}
