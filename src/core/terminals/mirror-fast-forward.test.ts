// The lazy, fast-forwarding mirror must end in exactly the state a terminal that parsed every byte ends
// in: the same serialized screen and scrollback (modes and cursor included) after every snapshot. Checked
// against a plain @xterm/headless terminal fed the same output, over random programs mixing plain-text
// floods with the sequences that would break a naive skip (strings left open, scroll regions, bare LFs,
// the alternate screen, sequences split across chunks), plus each hazard on its own.
import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';
import { describe, expect, it } from 'vitest';
import { atRest, fastForwardStart, lineFeedsNeeded } from './mirror-fast-forward';
import { TerminalMirror } from './terminal-mirror';

type Op = { write: string } | { resize: [number, number] } | { snapshot: true };

interface Geometry {
  cols: number;
  rows: number;
  scrollback: number;
}

/** What a terminal that parses everything shows at each snapshot op. */
async function eagerSnapshots(g: Geometry, ops: Op[]): Promise<string[]> {
  const term = new headless.Terminal({ cols: g.cols, rows: g.rows, scrollback: g.scrollback, allowProposedApi: true });
  const ser = new serialize.SerializeAddon();
  term.loadAddon(ser);
  const shots: Promise<string>[] = [];
  for (const op of ops) {
    if ('write' in op) term.write(op.write);
    else if ('resize' in op) term.write('', () => term.resize(...op.resize));
    else shots.push(new Promise((resolve) => term.write('', () => resolve(ser.serialize({ scrollback: g.scrollback })))));
  }
  const out = await Promise.all(shots);
  term.dispose();
  return out;
}

/** The same ops through TerminalMirror, holding up to `deferMaxChars` before it parses. */
async function mirrorSnapshots(g: Geometry, ops: Op[], deferMaxChars: number, paced: boolean): Promise<{ shots: string[]; skipped: number }> {
  const mirror = new TerminalMirror(g.cols, g.rows, { scrollback: g.scrollback, deferMaxChars, deferMaxAgeMs: 60_000 });
  const shots: Promise<string>[] = [];
  for (const op of ops) {
    // Paced: output arrives a macrotask apart, as from a PTY, so xterm parses between arrivals.
    if (paced) await new Promise((resolve) => setTimeout(resolve, 0));
    if ('write' in op) mirror.write(op.write);
    else if ('resize' in op) mirror.resize(...op.resize);
    else shots.push(mirror.snapshot().then((s) => s.data));
  }
  const out = await Promise.all(shots);
  const skipped = mirror.skippedChars;
  mirror.dispose();
  return { shots: out, skipped };
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WIDE = ['漢', '字', '😀', 'é', 'e\u0301', 'ß'];
const SEQUENCES = [
  '\x1b[31m', '\x1b[1;38;5;208m', '\x1b[0m', '\x1b[7m', '\x1b[3A', '\x1b[2B', '\x1b[5C', '\x1b[4D', '\x1b[2;3H', '\x1b[H',
  '\x1b[J', '\x1b[2J', '\x1b[K', '\x1b[2;4r', '\x1b[r', '\x1b[?1049h', '\x1b[?1049l', '\x1b[4h', '\x1b[4l', '\x1b[?7l',
  '\x1b[?7h', '\x1b[?6h', '\x1b[?6l', '\x1b]0;title\x07', '\x1b]8;;https://example.com\x1b\\', '\x1b]8;;\x1b\\', '\x1b(0',
  '\x1b(B', '\x1b7', '\x1b8', '\x1bM', '\x1b[20h', '\x1b[20l', '\x07', '\b', '\x1b[?2004h', '\x1b[?1h',
  // left open on purpose: the following text lands inside them until a later terminator
  '\x1b]2;', '\x1bP', '\x1b[3',
];

function textLine(r: () => number, cols: number): string {
  const n = Math.floor(r() * cols * 2.5);
  let s = '';
  for (let i = 0; i < n; i++) s += r() < 0.05 ? (WIDE[Math.floor(r() * WIDE.length)] as string) : String.fromCharCode(33 + Math.floor(r() * 90));
  const end = r();
  return s + (end < 0.8 ? '\r\n' : end < 0.9 ? '\n' : end < 0.95 ? '\t' : '');
}

function flood(r: () => number, cols: number, lines: number, crlf = true): string {
  let s = '';
  for (let i = 0; i < lines; i++) s += `${i} `.padEnd(Math.floor(r() * cols), String.fromCharCode(97 + (i % 26))) + (crlf ? '\r\n' : '\n');
  return s;
}

/** A random program: text, floods, sequences (some left open, some terminated later), resizes, snapshots. */
function program(seed: number, g: Geometry): Op[] {
  const r = rng(seed);
  let stream = '';
  const ops: Op[] = [];
  const cut = (): void => {
    // Split the stream into chunks at random points (never inside a surrogate pair).
    let i = 0;
    while (i < stream.length) {
      let n = Math.min(stream.length - i, 1 + Math.floor(r() * 400));
      const code = stream.charCodeAt(i + n - 1);
      if (code >= 0xd800 && code <= 0xdbff && i + n < stream.length) n += 1;
      ops.push({ write: stream.slice(i, i + n) });
      i += n;
    }
    stream = '';
  };
  for (let step = 0; step < 40; step++) {
    const k = r();
    if (k < 0.35) stream += textLine(r, g.cols);
    else if (k < 0.55) stream += flood(r, g.cols, Math.floor(r() * 3 * lineFeedsNeeded(g)), r() < 0.85);
    else if (k < 0.8) {
      stream += SEQUENCES[Math.floor(r() * SEQUENCES.length)];
      // Sometimes parse up to here, so that a flood written next meets the state this sequence left.
      if (r() < 0.3) {
        cut();
        ops.push({ snapshot: true });
      }
    }
    else if (k < 0.85) stream += r() < 0.5 ? '\x07' : '\x1b\\';
    else if (k < 0.9) {
      cut();
      ops.push({ resize: [10 + Math.floor(r() * 30), 3 + Math.floor(r() * 8)] });
    } else {
      cut();
      ops.push({ snapshot: true });
    }
  }
  cut();
  ops.push({ snapshot: true });
  return ops;
}

const SMALL: Geometry = { cols: 24, rows: 5, scrollback: 20 };

async function expectSame(g: Geometry, ops: Op[], deferMaxChars: number, paced = false): Promise<number> {
  const eager = await eagerSnapshots(g, ops);
  const lazy = await mirrorSnapshots(g, ops, deferMaxChars, paced);
  expect(lazy.shots).toEqual(eager);
  return lazy.skipped;
}

describe('mirror fast-forward', () => {
  it('finds the xterm internals it relies on (a failure means an xterm upgrade moved them: the mirror now parses everything)', async () => {
    const term = new headless.Terminal({ cols: 20, rows: 5, allowProposedApi: true });
    const settle = (data: string) => new Promise<void>((resolve) => term.write(data, resolve));
    expect(atRest(term)).toBe(true);
    await settle('\x1b]0;an open title');
    expect(atRest(term)).toBe(false);
    await settle('\x07\x1b[2;4r');
    expect(atRest(term)).toBe(false);
    await settle('\x1b[r');
    expect(atRest(term)).toBe(true);
    term.dispose();
  });

  it('starts at a CR with enough LFs behind it, and only inside the opening plain-text stretch', () => {
    const g = { rows: 5, scrollback: 20 };
    const need = lineFeedsNeeded(g);
    const text = flood(rng(1), 30, need * 4);
    /** The start as an index into the chunks joined. */
    const start = (chunks: string[]): number => {
      const at = fastForwardStart(chunks, g);
      return chunks.slice(0, at.chunk).join('').length + at.offset;
    };
    const whole = start([text]);
    expect(whole).toBeGreaterThan(text.length / 2);
    expect(text[whole]).toBe('\r');
    expect(text.slice(whole).split('\n').length - 1).toBeGreaterThanOrEqual(need);
    // The same place however the text is cut into chunks, even at a chunk's first character.
    for (const size of [1, 7, 100, 1000, whole, whole + 1]) {
      const chunks = text.match(new RegExp(`[^]{1,${size}}`, 'g')) ?? [];
      expect(start(chunks)).toBe(whole);
    }
    expect(start([flood(rng(1), 30, need - 1)])).toBe(0); // not enough lines to skip any
    expect(start([flood(rng(1), 30, need * 4, false)])).toBe(0); // bare LFs: no CR to start at
    expect(start(['\x1b[31m' + text])).toBe(0); // a sequence first: state unknown past it
    expect(start([text, '\x1b[0m' + text])).toBe(whole); // stops at the sequence: what follows is never skipped
    expect(start([])).toBe(0);
  });

  it('matches a terminal that parsed every byte, over 150 random programs', async () => {
    let skipped = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const ops = program(seed, SMALL);
      skipped += await expectSame(SMALL, ops, 200 + (seed % 7) * 700, seed % 2 === 0).catch((err: unknown) => {
        throw new Error(`seed ${seed}: ${String(err)}`);
      });
    }
    expect(skipped).toBeGreaterThan(0); // the shortcut was taken, so the comparison exercised it
  });

  it.each([
    // Not at rest: the flood is parsed whole.
    ['an OSC string left open before the flood', '\x1b]0;still the title ', '\x07after', false],
    ['a DCS string left open before the flood', '\x1bPq', '\x1b\\after', false],
    ['a CSI split before the flood', '\x1b[3', 'after', false],
    ['a scroll region', '\x1b[2;4r', '\x1b[r', false],
    // At rest in another state that plain text cannot change: the flood is skipped into.
    ['the alternate screen', '\x1b[?1049h\x1b[31m', '\x1b[?1049l', true],
    ['insert mode and no autowrap', '\x1b[4h\x1b[?7l', '\x1b[4l\x1b[?7h', true],
    ['a colour left on', '\x1b[1;32mgreen ', '\x1b[0m', true],
  ])('is exact with %s', async (_name, before, after, skips) => {
    const r = rng(7);
    const text = flood(r, SMALL.cols * 2, lineFeedsNeeded(SMALL) * 5);
    const ops: Op[] = [
      { write: flood(r, SMALL.cols, 12) + 'partial line' },
      { snapshot: true },
      { write: before },
      { snapshot: true }, // parsed now: the flood that follows finds the terminal in this state
      { write: text },
      { write: after + flood(r, SMALL.cols, 3) },
      { snapshot: true },
    ];
    const skipped = await expectSame(SMALL, ops, 64 * 1024, true);
    expect(skipped > 0).toBe(skips);
  });

  it('skips most of a long plain-text flood at the real size and limits, and still ends identical', async () => {
    const g: Geometry = { cols: 120, rows: 32, scrollback: 2_000 };
    const line = (i: number) => `${String(i).padStart(7)} ${'base64+noise/'.repeat(5)}`.slice(0, 76) + '\r\n';
    const ops: Op[] = [];
    let total = 0;
    for (let i = 0; total < 4_000_000; i += 200) {
      const chunk = Array.from({ length: 200 }, (_, k) => line(i + k)).join('');
      total += chunk.length;
      ops.push({ write: chunk });
    }
    ops.push({ snapshot: true });
    const skipped = await expectSame(g, ops, 512 * 1024, true);
    expect(skipped / total).toBeGreaterThan(0.6);
  });
});
