import headless from '@xterm/headless';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Frame, PtyFrame } from '../../shared/protocol';
import { FlowControl } from './terminal-constants';
import { TerminalMirror } from './terminal-mirror';
import { TerminalStream, type StreamClient } from './terminal-stream';

function makeStream(now?: () => number) {
  let stream: TerminalStream | null = null;
  const mirror = new TerminalMirror(40, 8, () => stream?.mirrorProgressed());
  const persisted: string[] = [];
  stream = new TerminalStream({ runId: 'run-1', mirror, persist: (d) => persisted.push(d), now });
  const source = { pause: vi.fn(), resume: vi.fn() };
  stream.setSource(source);
  return { stream, mirror, persisted, source };
}

function recordingClient(id: number): StreamClient & { frames: PtyFrame[] } {
  const frames: PtyFrame[] = [];
  return { id, frames, send: (f: Frame) => f.t === 'pty' && frames.push(f) };
}

/** What a client would show: a fresh terminal fed the replay then every live frame. */
async function render(frames: PtyFrame[]): Promise<string> {
  const replay = frames[0]!.replay!;
  const term = new headless.Terminal({ cols: replay.cols, rows: replay.rows, scrollback: 5000, allowProposedApi: true });
  for (const f of frames) term.write(f.data);
  await new Promise<void>((r) => term.write('', r));
  const lines: string[] = [];
  const buf = term.buffer.active;
  for (let i = 0; i < buf.length; i++) lines.push(buf.getLine(i)!.translateToString(true));
  term.dispose();
  return lines.join('\n').trimEnd();
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('TerminalStream', () => {
  afterEach(() => vi.useRealTimers());

  it('starts a client with a replay of the screen, then live frames, with no gap and no overlap', async () => {
    const { stream, persisted } = makeStream();
    for (let i = 1; i <= 30; i++) stream.push(`early ${i}\r\n`);
    stream.flush();
    const client = recordingClient(1);
    stream.attach(client);
    // Output keeps coming while the replay is being prepared.
    for (let i = 1; i <= 30; i++) stream.push(`late ${i}\r\n`);
    stream.flush();
    await settle();
    expect(client.frames[0]!.replay).toEqual({ cols: 40, rows: 8, truncated: false });
    expect(client.frames.slice(1).every((f) => f.replay === undefined)).toBe(true);
    const shown = await render(client.frames);
    const expected = [...Array.from({ length: 30 }, (_, i) => `early ${i + 1}`), ...Array.from({ length: 30 }, (_, i) => `late ${i + 1}`)].join('\n');
    expect(shown).toBe(expected);
    expect(persisted.join('')).toBe(Array.from({ length: 30 }, (_, i) => `early ${i + 1}\r\n`).join('') + Array.from({ length: 30 }, (_, i) => `late ${i + 1}\r\n`).join(''));
  });

  it('pauses the PTY when a client holds more than the high watermark and resumes below the low one', async () => {
    const { stream, source, mirror } = makeStream();
    const client = recordingClient(1);
    stream.attach(client);
    await settle();
    const chunk = 'x'.repeat(10_000);
    for (let i = 0; i < 11; i++) {
      stream.push(chunk);
      stream.flush();
    }
    await mirror.snapshot(); // the mirror has parsed it all: only the client holds the PTY now
    expect(source.pause).toHaveBeenCalledTimes(1);
    expect(stream.isPaused).toBe(true);
    const sent = client.frames.reduce((n, f) => n + f.data.length, 0);
    stream.ack(1, sent - FlowControl.lowWatermarkChars - 1);
    expect(source.resume).not.toHaveBeenCalled();
    stream.ack(1, 2);
    expect(source.resume).toHaveBeenCalledTimes(1);
    expect(stream.isPaused).toBe(false);
  });

  it('resumes when the client that held it detaches', async () => {
    const { stream, source } = makeStream();
    stream.attach(recordingClient(1));
    await settle();
    stream.push('y'.repeat(FlowControl.highWatermarkChars + 1));
    stream.flush();
    await settle();
    expect(stream.isPaused).toBe(true);
    stream.detach(1);
    expect(source.resume).toHaveBeenCalledTimes(1);
  });

  it('sets a client aside when it stalls, so the agent keeps running, and resyncs it when it reads again', async () => {
    let clock = 0;
    const { stream, source } = makeStream(() => clock);
    const slow = recordingClient(1);
    stream.attach(slow);
    await settle();
    stream.push('z'.repeat(FlowControl.highWatermarkChars + 1));
    stream.flush();
    await settle();
    expect(stream.isPaused).toBe(true);
    clock += FlowControl.stalledClientMs;
    stream.ack(2, 1); // any later event re-evaluates; unknown clients are ignored
    stream.push('more');
    stream.flush();
    expect(source.resume).toHaveBeenCalled();
    expect(stream.isPaused).toBe(false);
    const framesWhileStalled = slow.frames.length;
    stream.push('unseen');
    stream.flush();
    expect(slow.frames.length).toBe(framesWhileStalled);
    stream.ack(1, 1000);
    await settle();
    const resync = slow.frames[framesWhileStalled]!;
    expect(resync.replay).toBeDefined();
    expect(resync.data).toContain('unseen');
  });

  it('keeps every client independent: a second client attaching later gets the same screen', async () => {
    const { stream } = makeStream();
    const a = recordingClient(1);
    stream.attach(a);
    await settle();
    stream.push('hello\r\nworld\r\n');
    stream.flush();
    const b = recordingClient(2);
    stream.attach(b);
    stream.push('again\r\n');
    stream.flush();
    await settle();
    expect(await render(a.frames)).toBe(await render(b.frames));
    expect(await render(b.frames)).toBe('hello\nworld\nagain');
  });
});
