// The bounded child runner on its own: output kept as head + tail, stdin input, a missing program, an early stop,
// and a multi-byte character split across chunks arriving whole.
import { describe, expect, it } from 'vitest';
import { OutputCapture, runBounded } from './child-process';

const base = { cwd: '/', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeoutMs: 10_000, signal: new AbortController().signal };

describe('OutputCapture', () => {
  it('keeps the head and the tail and says how much it dropped', () => {
    const c = new OutputCapture(3, 4);
    c.push('abcdef');
    c.push('ghijkl');
    expect(c.totalChars).toBe(12);
    expect(c.text()).toBe('abc\n[… 5 characters omitted …]\nijkl');
    const small = new OutputCapture(3, 4);
    small.push('abcde');
    expect(small.text()).toBe('abcde');
  });

  it('with no tail keeps only the head', () => {
    const c = new OutputCapture(2, 0);
    c.push('abcdef');
    expect(c.text()).toBe('ab\n[… 4 characters omitted …]\n');
  });
});

describe('runBounded', () => {
  it('feeds stdin and collects stdout and stderr', async () => {
    const capture = new OutputCapture(1_000, 0);
    const r = await runBounded({ ...base, file: 'sh', args: ['-c', 'cat; echo oops >&2'], input: 'from stdin\n', capture });
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, cancelled: false, spawnError: null });
    expect(capture.text()).toContain('from stdin');
    expect(capture.text()).toContain('oops');
  });

  it('reports a program that does not exist instead of throwing', async () => {
    const r = await runBounded({ ...base, file: 'definitely-not-a-program-xyz', args: [], capture: new OutputCapture(10, 10) });
    expect(r.spawnError).toBe('ENOENT');
  });

  it('stops early when told it has enough, without calling it a failure', async () => {
    let seen = 0;
    const capture = new OutputCapture(100_000, 0);
    const r = await runBounded({
      ...base,
      file: 'sh',
      args: ['-c', 'while :; do echo line; done'],
      capture,
      onOutput: (t) => (seen += t.length),
      enough: () => seen > 10_000,
      killGraceMs: 200,
    });
    expect(r.stoppedEarly).toBe(true);
    expect(r.timedOut).toBe(false);
  });

  it('decodes a multi-byte character split between two writes', async () => {
    const capture = new OutputCapture(100, 0);
    await runBounded({ ...base, file: 'sh', args: ['-c', "printf '\\342\\202'; sleep 0.05; printf '\\254\\n'"], capture });
    expect(capture.text()).toBe('€\n');
  });
});
