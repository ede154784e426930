// Both themes stay readable: reads the palettes out of app.css and theme.css (dark by default, the
// prefers-color-scheme: light overrides) and the terminal theme, and checks WCAG contrast ratios of
// text, diff lines (their syntax colours on the added/removed backgrounds the diff view mixes) and
// terminal colours. The stylesheets are read as shipped (src/renderer/src/styles).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { terminalTheme } from '../src/renderer/src/terminals/terminal-theme';

const css = (name: string): string => readFileSync(new URL(`../src/renderer/src/styles/${name}`, import.meta.url), 'utf8');
const APP = css('app.css');
const THEME = css('theme.css');

type Vars = Record<string, string>;

function declarations(block: string): Vars {
  const vars: Vars = {};
  for (const m of block.matchAll(/(--[\w-]+):\s*([^;]+);/g)) vars[m[1] as string] = (m[2] as string).trim();
  return vars;
}

/** The first top-level `:root { … }` block and the `:root` inside `@media (prefers-color-scheme: light)`. */
function palettes(text: string): { dark: Vars; light: Vars } {
  const dark = /^:root\s*\{([^}]*)\}/m.exec(text);
  const light = /@media \(prefers-color-scheme: light\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(text);
  return { dark: dark ? declarations(dark[1] as string) : {}, light: light ? declarations(light[1] as string) : {} };
}

const app = palettes(APP);
const theme = palettes(THEME);
const DARK: Vars = { ...app.dark, ...theme.dark };
const LIGHT: Vars = { ...DARK, ...app.light, ...theme.light };
const SCHEMES = [
  ['dark', DARK],
  ['light', LIGHT],
] as const;

type Rgb = [number, number, number];

function hex(value: string | undefined): Rgb {
  const m = /^#([0-9a-f]{6})$/i.exec(value ?? '');
  if (!m) throw new Error(`not a #rrggbb colour: ${value}`);
  const n = parseInt(m[1] as string, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance([r, g, b]: Rgb): number {
  const lin = (v: number): number => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `color-mix(in srgb, a p%, b)`. */
const mix = (a: Rgb, p: number, b: Rgb): Rgb => [0, 1, 2].map((i) => a[i]! * p + b[i]! * (1 - p)) as Rgb;

/** The diff view's backgrounds, as app.css mixes them: `color-mix(in srgb, var(--ok) 13%, var(--bg-sunken))`. */
function diffBackgrounds(vars: Vars): { name: string; color: Rgb; edit: boolean }[] {
  const out: { name: string; color: Rgb; edit: boolean }[] = [];
  for (const m of APP.matchAll(/(--diff-code-(?:insert|delete)(-edit)?-background-color):\s*color-mix\(in srgb, var\((--[\w-]+)\) (\d+)%, var\((--[\w-]+)\)\)/g)) {
    out.push({ name: m[1] as string, edit: Boolean(m[2]), color: mix(hex(vars[m[3] as string]), Number(m[4]) / 100, hex(vars[m[5] as string])) });
  }
  return out;
}

const SYNTAX = ['--syntax-keyword', '--syntax-string', '--syntax-number', '--syntax-function', '--syntax-tag'];

describe('the light and dark themes', () => {
  it('override only variables the dark palette defines (no typo silently ignored)', () => {
    expect(Object.keys(app.light).length).toBeGreaterThan(10);
    for (const name of [...Object.keys(app.light), ...Object.keys(theme.light)]) expect(DARK, name).toHaveProperty(name);
  });

  it.each(SCHEMES)('%s: text is readable on every background', (_, v) => {
    for (const bg of ['--bg', '--bg-raised', '--bg-sunken', '--bg-hover']) {
      expect(contrast(hex(v['--text']), hex(v[bg])), `--text on ${bg}`).toBeGreaterThanOrEqual(7);
      expect(contrast(hex(v['--text-muted']), hex(v[bg])), `--text-muted on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast(hex(v['--accent-text']), hex(v['--accent-fill']))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(hex(v['--on-warn']), hex(v['--warn']))).toBeGreaterThanOrEqual(4.5);
    for (const tone of ['--ok', '--bad']) expect(contrast(hex(v[tone]), hex(v['--bg-raised'])), tone).toBeGreaterThanOrEqual(4.5);
  });

  it.each(SCHEMES)('%s: diffs are readable, syntax colours included, on added and removed lines', (_, v) => {
    const backgrounds = diffBackgrounds(v);
    expect(backgrounds).toHaveLength(4);
    for (const bg of [...backgrounds, { name: '--bg-sunken', color: hex(v['--bg-sunken']), edit: false }]) {
      // Whole lines need body-text contrast; the changed words highlighted inside them at least 3:1.
      const min = bg.edit ? 3 : 4.5;
      expect(contrast(hex(v['--text']), bg.color), `--text on ${bg.name}`).toBeGreaterThanOrEqual(7);
      for (const token of SYNTAX) expect(contrast(hex(v[token]), bg.color), `${token} on ${bg.name}`).toBeGreaterThanOrEqual(min);
    }
  });

  it.each([
    ['dark', false, DARK],
    ['light', true, LIGHT],
  ] as const)('%s: terminals use the same background and readable colours', (_, prefersLight, v) => {
    const t = terminalTheme(prefersLight);
    expect(t.background).toBe(v['--bg-sunken']);
    const bg = hex(t.background);
    expect(contrast(hex(t.foreground), bg)).toBeGreaterThanOrEqual(7);
    for (const c of [t.red, t.green, t.yellow, t.blue, t.magenta, t.cyan]) expect(contrast(hex(c), bg), c).toBeGreaterThanOrEqual(4.5);
  });
});
