// Which chords may be shortcuts, and where a shortcut must give way: keys the window, text fields,
// terminals, the operating system or (in the headless web mode) the browser need for themselves.
// Pure functions over chords; the keymap refuses what `refusalOf` names and the dispatcher lets
// programs in a terminal keep what `terminalKeeps` says.
import { chordText, hasMod, type Chord, type KeyPlatform } from './chords';

/** Where the window runs: the platform's conventions, and whether it is a browser tab (web mode). */
export interface KeyEnv {
  readonly platform: KeyPlatform;
  readonly web: boolean;
}

/** Keys that move around and operate the window (focus, buttons, lists, dialogs). */
const NAVIGATION = new Set(['Tab', 'Enter', 'Space', 'Escape', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown', 'Backspace', 'Delete']);
/** Keys that move the caret or delete in a text field, whatever the modifiers. */
const TEXT_EDITING = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown', 'Backspace', 'Delete']);

/** Ctrl+key (no other modifier) sent to the program in a terminal, on every platform. */
const TERMINAL_SIGNALS: Readonly<Record<string, string>> = {
  C: 'interrupts the program in a terminal',
  D: 'ends the input (EOF) of the program in a terminal',
  Z: 'suspends the program in a terminal',
  '\\': 'quits the program in a terminal (SIGQUIT)',
};

/** Mod+key (no other modifier) that text fields and terminals need. */
const EDITING: Readonly<Record<string, string>> = { C: 'copies', V: 'pastes', X: 'cuts', Z: 'undoes', A: 'selects all' };

/** Chords the operating system or the desktop shell takes before any window sees them. */
const SYSTEM: Readonly<Record<KeyPlatform, Readonly<Record<string, string>>>> = {
  mac: {
    'Meta+Q': 'quits the app',
    'Meta+H': 'hides the app',
    'Alt+Meta+H': 'hides the other apps',
    'Meta+M': 'minimizes the window',
    'Meta+W': 'closes the window',
    'Meta+Tab': 'switches apps',
    'Meta+Space': 'opens Spotlight',
    'Meta+`': 'switches windows',
    'Shift+Meta+3': 'takes a screenshot',
    'Shift+Meta+4': 'takes a screenshot',
    'Shift+Meta+5': 'takes a screenshot',
    'Alt+Meta+Escape': 'force-quits apps',
  },
  other: {
    'Alt+F4': 'closes the window',
    'Alt+Tab': 'switches windows',
    'Ctrl+Alt+Delete': 'belongs to the operating system',
    'Ctrl+Alt+T': 'opens a terminal on many Linux desktops',
    'Ctrl+Alt+L': 'locks the screen on many Linux desktops',
    'Ctrl+Alt+ArrowUp': 'switches workspaces on many Linux desktops',
    'Ctrl+Alt+ArrowDown': 'switches workspaces on many Linux desktops',
    'Ctrl+Alt+ArrowLeft': 'switches workspaces on many Linux desktops',
    'Ctrl+Alt+ArrowRight': 'switches workspaces on many Linux desktops',
  },
};

/**
 * Chords a browser keeps for itself: a page never receives them (Chromium's reserved commands: new
 * window or tab, close, reopen, next/previous tab, quit).
 */
const BROWSER_RESERVED: Readonly<Record<KeyPlatform, Readonly<Record<string, string>>>> = {
  mac: {
    'Meta+N': 'opens a new window',
    'Shift+Meta+N': 'opens an incognito window',
    'Meta+T': 'opens a new tab',
    'Shift+Meta+T': 'reopens a closed tab',
    'Shift+Meta+W': 'closes the window',
    'Shift+Meta+[': 'switches tabs',
    'Shift+Meta+]': 'switches tabs',
    'Alt+Meta+ArrowLeft': 'switches tabs',
    'Alt+Meta+ArrowRight': 'switches tabs',
    'Ctrl+Tab': 'switches tabs',
    'Ctrl+Shift+Tab': 'switches tabs',
  },
  other: {
    'Ctrl+N': 'opens a new window',
    'Ctrl+Shift+N': 'opens an incognito window',
    'Ctrl+T': 'opens a new tab',
    'Ctrl+Shift+T': 'reopens a closed tab',
    'Ctrl+W': 'closes the tab',
    'Ctrl+Shift+W': 'closes the window',
    'Ctrl+Shift+Q': 'quits the browser',
    'Ctrl+Tab': 'switches tabs',
    'Ctrl+Shift+Tab': 'switches tabs',
    'Ctrl+PageUp': 'switches tabs',
    'Ctrl+PageDown': 'switches tabs',
  },
};

const onlyCtrl = (c: Chord): boolean => c.ctrl && !c.alt && !c.shift && !c.meta;
const onlyMod = (c: Chord, p: KeyPlatform): boolean => hasMod(c, p) && !c.alt && !c.shift && (p === 'mac' ? !c.ctrl : !c.meta);

/**
 * Why `chord` cannot be a shortcut in `env` (one sentence without the chord's name, e.g. "copies
 * in text fields and terminals"), or null when it can.
 */
export function refusalOf(chord: Chord, env: KeyEnv): string | null {
  const { platform } = env;
  const plain = !chord.ctrl && !chord.alt && !chord.meta;
  if (plain && NAVIGATION.has(chord.key)) return 'moves around and operates the window (focus, buttons, lists)';
  if (plain && !/^F\d+$/.test(chord.key)) return platform === 'mac' ? 'types text: a shortcut needs \u2318, \u2303 or \u2325' : 'types text: a shortcut needs Ctrl or Alt';
  if (onlyCtrl(chord) && TERMINAL_SIGNALS[chord.key]) return TERMINAL_SIGNALS[chord.key] ?? null;
  if (onlyMod(chord, platform) && EDITING[chord.key]) return `${EDITING[chord.key]} in text fields and terminals`;
  if (hasMod(chord, platform) && chord.shift && !chord.alt && chord.key === 'Z') return 'redoes in text fields';
  if (platform === 'other' && onlyCtrl(chord) && chord.key === 'Y') return 'redoes in text fields';
  if (platform === 'other' && chord.ctrl && chord.shift && !chord.alt && !chord.meta && (chord.key === 'C' || chord.key === 'V')) {
    return chord.key === 'C' ? 'copies in a terminal' : 'pastes in a terminal';
  }
  if (platform === 'other' && chord.meta) return 'belongs to the desktop (the Windows or Super key)';
  const text = chordText(chord);
  const system = SYSTEM[platform][text];
  if (system) return system;
  if (/^Ctrl\+Alt\+F\d+$/.test(text) && platform === 'other') return 'switches to a text console on Linux';
  const browser = env.web ? BROWSER_RESERVED[platform][text] : undefined;
  if (browser) return `${browser} in the browser, which keeps it for itself (it works in the desktop app)`;
  return null;
}

/**
 * Whether a program reading a focused terminal gets this chord rather than the window: plain and
 * Shift keys, Ctrl (control characters; on macOS any Ctrl chord), Alt (Meta/Esc prefixes, or typed
 * characters with Option). Shortcuts that use Cmd on macOS, or Ctrl+Shift elsewhere, reach the window.
 */
export function terminalKeeps(chord: Chord, platform: KeyPlatform): boolean {
  if (!chord.ctrl && !chord.alt && !chord.meta) return true;
  if (platform === 'mac') return !chord.meta;
  if (chord.meta) return false;
  return !(chord.ctrl && chord.shift && !chord.alt);
}

/** Keys that move the caret or delete in a text field (arrows, Home/End, Page keys, Backspace/Delete). */
export function isTextEditing(chord: Chord): boolean {
  return TEXT_EDITING.has(chord.key);
}

/** Whether a shortcut may fire while the user types in a text field: it uses Mod and edits nothing. */
export function firesWhileTyping(chord: Chord, platform: KeyPlatform): boolean {
  return hasMod(chord, platform) && !isTextEditing(chord);
}
