// TerminalMirror's laziness: output waits unparsed, every read parses it first, and it is parsed on its
// own once it is old or large enough, also when it reached the limit while xterm was still busy.
// (Exactness, resizes and the skip over plain-text floods included: mirror-fast-forward.test.ts.)
import { describe, expect, it, vi } from 'vitest';
import { TerminalMirror } from './terminal-mirror';

describe('TerminalMirror', () => {
  it('holds output unparsed, outside flow control, until something reads the screen', async () => {
    const parsed: number[] = [];
    const mirror = new TerminalMirror(40, 5, { onParsed: (n) => parsed.push(n), deferMaxAgeMs: 60_000 });
    mirror.write('hello ');
    mirror.write('world');
    expect(mirror.pendingChars).toBe(0); // waiting is not a parse backlog
    await new Promise((r) => setTimeout(r, 50));
    expect(parsed).toEqual([]);
    const snap = await mirror.snapshot();
    expect(snap.data).toContain('hello world');
    expect(parsed).toEqual([11]);
    mirror.dispose();
  });

  it('parses on its own after deferMaxAgeMs', async () => {
    const parsed: number[] = [];
    const mirror = new TerminalMirror(40, 5, { onParsed: (n) => parsed.push(n), deferMaxAgeMs: 20 });
    mirror.write('x'.repeat(100));
    await vi.waitFor(() => expect(parsed).toEqual([100]), { timeout: 5_000 });
    mirror.dispose();
  });

  it('parses a full load held back while xterm was busy as soon as xterm is done, without a read', async () => {
    const parsed: number[] = [];
    const mirror = new TerminalMirror(40, 5, { onParsed: (n) => parsed.push(n), deferMaxChars: 1_000, deferMaxAgeMs: 60_000 });
    mirror.write('x'.repeat(1_000)); // the limit: queued, xterm busy with it
    expect(mirror.pendingChars).toBe(1_000);
    mirror.write('y'.repeat(1_500)); // over the limit, under twice it: waits for xterm to be done
    expect(mirror.pendingChars).toBe(1_000);
    await vi.waitFor(() => expect(parsed).toEqual([1_000, 1_500]), { timeout: 5_000 });
    mirror.dispose();
  });

  it('keeps no more than twice the limit waiting while xterm is busy', async () => {
    const mirror = new TerminalMirror(40, 5, { deferMaxChars: 1_000, deferMaxAgeMs: 60_000 });
    mirror.write('x'.repeat(1_000));
    mirror.write('z'.repeat(1_500));
    expect(mirror.pendingChars).toBe(1_000);
    mirror.write('z'.repeat(600)); // 2,100 waiting: queued now, busy or not
    expect(mirror.pendingChars).toBe(3_100);
    await mirror.snapshot();
    expect(mirror.pendingChars).toBe(0);
    mirror.dispose();
  });

  it('still answers a snapshot asked for before dispose (the screen of a finished run being saved), then takes nothing more', async () => {
    const mirror = new TerminalMirror(40, 5, { deferMaxAgeMs: 60_000 });
    mirror.write('v'.repeat(100_000));
    const snap = mirror.snapshot();
    mirror.dispose();
    mirror.write('after dispose');
    expect((await snap).data).toContain('vvvv');
    expect((await mirror.snapshot()).data).toBe('');
  });
});
