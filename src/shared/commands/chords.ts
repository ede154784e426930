// Key chords ("Mod+Shift+K"): parsing, one canonical spelling, reading them from keyboard events,
// and showing them (menu labels, <kbd>, ARIA, Electron accelerators). Pure functions; "Mod" is Cmd
// on macOS and Ctrl elsewhere, resolved when a chord is parsed for a platform.

/** macOS, or everything else (Windows, Linux): the two keyboard conventions the app knows. */
export type KeyPlatform = 'mac' | 'other';

/** One key with its modifiers. `key` is a canonical key name (see KEY_NAMES). */
export interface Chord {
  readonly ctrl: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
  /** Cmd on macOS, the Windows/Super key elsewhere. */
  readonly meta: boolean;
  readonly key: string;
}

/** The fields of a KeyboardEvent that make a chord. */
export interface KeyEventLike {
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  readonly metaKey: boolean;
}

const NAMED_KEYS = [
  'Enter', 'Escape', 'Tab', 'Space', 'Backspace', 'Delete', 'Insert', 'Home', 'End', 'PageUp', 'PageDown',
  'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight',
] as const;
const PUNCTUATION = ['/', '\\', '[', ']', ';', "'", ',', '.', '`', '-', '='] as const;

/** Other spellings accepted when parsing, lower case. */
const KEY_ALIASES: Readonly<Record<string, string>> = {
  esc: 'Escape', return: 'Enter', ' ': 'Space', spacebar: 'Space', del: 'Delete', ins: 'Insert',
  up: 'ArrowUp', down: 'ArrowDown', left: 'ArrowLeft', right: 'ArrowRight', pgup: 'PageUp', pgdn: 'PageDown',
  slash: '/', backslash: '\\', bracketleft: '[', bracketright: ']', semicolon: ';', quote: "'", comma: ',',
  period: '.', backquote: '`', minus: '-', equal: '=',
};

/** KeyboardEvent.code of the punctuation keys: the physical key, whatever Shift or Option typed. */
const CODE_PUNCTUATION: Readonly<Record<string, string>> = {
  Slash: '/', Backslash: '\\', BracketLeft: '[', BracketRight: ']', Semicolon: ';', Quote: "'", Comma: ',',
  Period: '.', Backquote: '`', Minus: '-', Equal: '=',
};

/** What Shift types on a US layout, for events that carry no `code`. */
const SHIFTED: Readonly<Record<string, string>> = {
  '?': '/', '|': '\\', '{': '[', '}': ']', ':': ';', '"': "'", '<': ',', '>': '.', '~': '`', _: '-', '+': '=',
  '!': '1', '@': '2', '#': '3', $: '4', '%': '5', '^': '6', '&': '7', '*': '8', '(': '9', ')': '0',
};

const MODIFIER_KEYS = new Set(['Control', 'Shift', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'OS']);

/** The canonical name of a key, or null when it is not one a shortcut can use. */
export function keyName(text: string): string | null {
  if (text.length === 1 && /[a-z0-9]/i.test(text)) return text.toUpperCase();
  if ((PUNCTUATION as readonly string[]).includes(text)) return text;
  const lower = text.toLowerCase();
  const alias = KEY_ALIASES[lower];
  if (alias) return alias;
  const named = NAMED_KEYS.find((k) => k.toLowerCase() === lower);
  if (named) return named;
  const fn = /^f([1-9]|1[0-9]|2[0-4])$/.exec(lower);
  return fn ? `F${fn[1]}` : null;
}

/** Parses "Mod+Shift+K", "Ctrl+Alt+ArrowUp", "cmd+/" (case-insensitive); null when it is not a chord. */
export function parseChord(text: string, platform: KeyPlatform): Chord | null {
  const parts = text.split('+').map((p) => p.trim());
  const keyText = parts.pop();
  if (!keyText || parts.some((p) => p === '')) return null;
  const chord = { ctrl: false, alt: false, shift: false, meta: false, key: '' };
  for (const part of parts) {
    switch (part.toLowerCase()) {
      case 'mod':
      case 'cmdorctrl':
      case 'commandorcontrol':
        if (platform === 'mac') chord.meta = true;
        else chord.ctrl = true;
        break;
      case 'ctrl':
      case 'control':
        chord.ctrl = true;
        break;
      case 'alt':
      case 'option':
      case 'opt':
        chord.alt = true;
        break;
      case 'shift':
        chord.shift = true;
        break;
      case 'meta':
      case 'cmd':
      case 'command':
      case 'super':
      case 'win':
        chord.meta = true;
        break;
      default:
        return null;
    }
  }
  const key = keyName(keyText);
  if (!key) return null;
  return { ...chord, key };
}

/** The one spelling of a chord used for storage and comparison: "Ctrl+Alt+Shift+Meta+K". */
export function chordText(chord: Chord): string {
  const mods = [chord.ctrl && 'Ctrl', chord.alt && 'Alt', chord.shift && 'Shift', chord.meta && 'Meta'].filter(Boolean);
  return [...mods, chord.key].join('+');
}

/** Parses then spells canonically; null when `text` is not a chord. */
export function normalizeChord(text: string, platform: KeyPlatform): string | null {
  const chord = parseChord(text, platform);
  return chord ? chordText(chord) : null;
}

function keyFromEvent(event: KeyEventLike): string | null {
  const { key, code = '' } = event;
  if (key.length > 1) {
    const named = keyName(key);
    if (named) return named;
  }
  if (/^[a-z]$/i.test(key)) return key.toUpperCase();
  // Option on macOS and non-Latin layouts type other characters: the physical key names it then.
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1] ?? null;
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code);
  if (digit) return digit[1] ?? null;
  const punct = CODE_PUNCTUATION[code];
  if (punct) return punct;
  if (key.length === 1 && SHIFTED[key]) return SHIFTED[key] ?? null;
  return keyName(key);
}

/** The chord a keydown makes; null for a lone modifier, a dead key or a key shortcuts cannot use. */
export function chordFromEvent(event: KeyEventLike): Chord | null {
  if (MODIFIER_KEYS.has(event.key) || event.key === 'Dead' || event.key === 'Unidentified' || event.key === 'Process') return null;
  const key = keyFromEvent(event);
  if (!key) return null;
  return { ctrl: event.ctrlKey, alt: event.altKey, shift: event.shiftKey, meta: event.metaKey, key };
}

/** Whether the chord uses the platform's command modifier (Cmd on macOS, Ctrl elsewhere). */
export function hasMod(chord: Chord, platform: KeyPlatform): boolean {
  return platform === 'mac' ? chord.meta : chord.ctrl;
}

const MAC_KEY_LABELS: Readonly<Record<string, string>> = {
  ArrowUp: '\u2191', ArrowDown: '\u2193', ArrowLeft: '\u2190', ArrowRight: '\u2192', Enter: '\u21a9', Escape: '\u238b',
  Backspace: '\u232b', Delete: '\u2326', Tab: '\u21e5', Space: 'Space', PageUp: '\u21de', PageDown: '\u21df', Home: '\u2196', End: '\u2198',
};
const OTHER_KEY_LABELS: Readonly<Record<string, string>> = {
  ArrowUp: '\u2191', ArrowDown: '\u2193', ArrowLeft: '\u2190', ArrowRight: '\u2192', Escape: 'Esc', PageUp: 'PgUp', PageDown: 'PgDn', Delete: 'Del',
};

/** The parts a <kbd> list shows: ["⌘", "⇧", "K"] on macOS, ["Ctrl", "Shift", "K"] elsewhere. */
export function chordParts(chord: Chord, platform: KeyPlatform): string[] {
  if (platform === 'mac') {
    const mods = [chord.ctrl && '\u2303', chord.alt && '\u2325', chord.shift && '\u21e7', chord.meta && '\u2318'].filter((m): m is string => Boolean(m));
    return [...mods, MAC_KEY_LABELS[chord.key] ?? chord.key];
  }
  const mods = [chord.ctrl && 'Ctrl', chord.alt && 'Alt', chord.shift && 'Shift', chord.meta && 'Super'].filter((m): m is string => Boolean(m));
  return [...mods, OTHER_KEY_LABELS[chord.key] ?? chord.key];
}

/** One label: "⌘⇧K" on macOS, "Ctrl+Shift+K" elsewhere. */
export function formatChord(chord: Chord, platform: KeyPlatform): string {
  return chordParts(chord, platform).join(platform === 'mac' ? '' : '+');
}

/** The value of an aria-keyshortcuts attribute for the chord ("Control+Shift+K"). */
export function ariaKeyShortcut(chord: Chord): string {
  const mods = [chord.ctrl && 'Control', chord.alt && 'Alt', chord.shift && 'Shift', chord.meta && 'Meta'].filter(Boolean);
  return [...mods, chord.key === 'Space' ? 'Space' : chord.key].join('+');
}

const ACCELERATOR_KEYS: Readonly<Record<string, string>> = {
  ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right', Escape: 'Esc',
};

/** An Electron accelerator for the chord ("Cmd+Shift+K", "Ctrl+Shift+K"). */
export function toAccelerator(chord: Chord, platform: KeyPlatform): string {
  const meta = platform === 'mac' ? 'Cmd' : 'Super';
  const mods = [chord.ctrl && 'Ctrl', chord.alt && 'Alt', chord.shift && 'Shift', chord.meta && meta].filter(Boolean);
  return [...mods, ACCELERATOR_KEYS[chord.key] ?? chord.key].join('+');
}
