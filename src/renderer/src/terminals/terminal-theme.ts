// Terminal colours for the dark (default) and light schemes, following prefers-color-scheme like the
// CSS palettes: each background is that scheme's --bg-sunken, and the ANSI colours keep 4.5:1 on it
// (test/theme-contrast.test.ts). The registry re-applies the theme to every live terminal when the
// system switches (a matchMedia change listener in terminal-registry.ts).
import type { ITheme } from '@xterm/xterm';

export const TERMINAL_FONT_FAMILY =
  'ui-monospace, "SF Mono", "Cascadia Mono", "JetBrains Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

const dark: ITheme = {
  background: '#0d0f13',
  foreground: '#d4d7dd',
  cursor: '#d4d7dd',
  cursorAccent: '#0d0f13',
  selectionBackground: '#3a4a6b',
  black: '#1b1e24',
  red: '#f0717b',
  green: '#5fc27e',
  yellow: '#e3b55c',
  blue: '#6d9cff',
  magenta: '#c08cf0',
  cyan: '#4fc1c9',
  white: '#c9ccd3',
  brightBlack: '#5c6370',
  brightRed: '#ff8f97',
  brightGreen: '#7fd99a',
  brightYellow: '#f1cd82',
  brightBlue: '#93b5ff',
  brightMagenta: '#d5adf7',
  brightCyan: '#7fd8de',
  brightWhite: '#f3f4f6',
};

const light: ITheme = {
  background: '#fbfbfc',
  foreground: '#24292f',
  cursor: '#24292f',
  cursorAccent: '#fbfbfc',
  selectionBackground: '#c8d7f5',
  black: '#24292f',
  red: '#cf222e',
  green: '#1a7f37',
  yellow: '#9a6700',
  blue: '#0550ae',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#116329',
  brightYellow: '#7d4e00',
  brightBlue: '#0969da',
  brightMagenta: '#6639ba',
  brightCyan: '#3192aa',
  brightWhite: '#8c959f',
};

export function terminalTheme(prefersLight: boolean): ITheme {
  return prefersLight ? light : dark;
}
