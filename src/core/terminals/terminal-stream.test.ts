import headless from '@xterm/headless';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlowControl as WireFlowControl, type Frame, type PtyFrame } from '../../shared/protocol';
import { FlowControl, OutputBatching } from './terminal-constants';
import { ClientWindows } from './client-windows';
import { TerminalMirror } from './terminal-mirror';
import { TerminalStream, type StreamClient } from './terminal-stream';

function makeStream(now?: () => number) {
  let stream: TerminalStream | null = null;
  const mirror = new TerminalMirror(40, 8, { onParsed: () => stream?.mirrorProgressed() });
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

  it('holds a client to its window: pauses the PTY when the window is full, sends the rest as acks come, resumes once it caught up', async () => {
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
    const total = () => client.frames.reduce((n, f) => n + f.data.length, 0);
    const replay = client.frames[0]!.data.length;
    const sent = total();
    expect(sent).toBe(FlowControl.highWatermarkChars); // the window, exactly: the rest is held here
    stream.ack(1, sent - FlowControl.lowWatermarkChars - 1);
    // The acknowledgement made room: what was held goes out, and the PTY stays paused until it is read too.
    expect(total()).toBe(replay + 110_000);
    expect(source.resume).not.toHaveBeenCalled();
    stream.ack(1, total() - sent + 2);
    expect(source.resume).toHaveBeenCalledTimes(1);
    expect(stream.isPaused).toBe(false);
    expect(client.frames.slice(1).map((f) => f.data).join('')).toBe(chunk.repeat(11));
  });

  it('sends the batches it held for a full window as one frame once the window opens', async () => {
    const { stream } = makeStream();
    const client = recordingClient(1);
    stream.attach(client);
    await settle();
    const replay = client.frames[0]!.data.length;
    stream.push('w'.repeat(FlowControl.highWatermarkChars - replay));
    stream.flush(); // fills the window exactly
    for (const c of 'abcde') {
      stream.push(c.repeat(5_000));
      stream.flush(); // five batches held
    }
    const before = client.frames.length;
    stream.ack(1, FlowControl.highWatermarkChars);
    expect(client.frames.length).toBe(before + 1);
    expect(client.frames.at(-1)?.data).toBe('abcde'.split('').map((c) => c.repeat(5_000)).join(''));
  });

  it('sends what answers typing at the short batching interval, even while the run floods', async () => {
    let onInput: () => void = () => {};
    const { stream } = makeStream();
    stream.setSource({ pause: vi.fn(), resume: vi.fn(), onInput: (l) => ((onInput = l), () => {}) });
    const client = recordingClient(1);
    stream.attach(client);
    await settle();
    vi.useFakeTimers();
    stream.push('x'.repeat(OutputBatching.bulkThresholdChars));
    vi.advanceTimersByTime(OutputBatching.intervalMs);
    expect(client.frames).toHaveLength(2); // the replay, then the first (large) batch
    stream.push('^C');
    vi.advanceTimersByTime(OutputBatching.intervalMs);
    expect(client.frames).toHaveLength(2); // flooding: the next batch waits longer
    onInput();
    vi.advanceTimersByTime(OutputBatching.intervalMs);
    expect(client.frames.at(-1)?.data).toBe('^C');
  });

  it('cuts a frame at the window edge without splitting a character', async () => {
    const { stream } = makeStream();
    const client = recordingClient(1);
    stream.attach(client);
    await settle();
    const replay = client.frames[0]!.data.length;
    // 'a' fills the window up to one unit short, so the next unit would be the first half of 😀.
    const text = 'a'.repeat(FlowControl.highWatermarkChars - replay - 1) + '😀'.repeat(3);
    stream.push(text);
    stream.flush();
    const live = () => client.frames.slice(1).map((f) => f.data);
    expect(live().join('')).toBe('a'.repeat(FlowControl.highWatermarkChars - replay - 1));
    stream.ack(1, FlowControl.highWatermarkChars);
    expect(live().join('')).toBe(text);
    expect(live().every((d) => !/[\ud800-\udbff]$/.test(d))).toBe(true);
  });

  it('keeps the constants consistent: a client hurries its acknowledgement before any window can be full', () => {
    // A caught-up client delays acknowledging fewer than ackPromptlyChars: the PTY must resume without
    // them (low watermark), and a window must be larger (or the PTY would pause for good below it).
    expect(WireFlowControl.ackPromptlyChars).toBeLessThanOrEqual(FlowControl.lowWatermarkChars);
    expect(FlowControl.lowWatermarkChars).toBeLessThan(FlowControl.minHighWatermarkChars);
    expect(FlowControl.minHighWatermarkChars).toBeLessThanOrEqual(FlowControl.highWatermarkChars);
  });

  it('gives each stream of a client its share of the client budget', async () => {
    const windows = new ClientWindows(300_000, 20_000, 100_000);
    expect(windows.highWatermark(1)).toBe(100_000);
    for (let i = 0; i < 6; i++) windows.subscribe(1, `run-${i}`);
    windows.subscribe(1, 'run-0'); // subscribing twice counts once
    windows.subscribe(2, 'run-0');
    expect(windows.highWatermark(1)).toBe(50_000);
    expect(windows.highWatermark(2)).toBe(100_000);
    for (let i = 6; i < 30; i++) windows.subscribe(1, `run-${i}`);
    expect(windows.highWatermark(1)).toBe(20_000); // never below the minimum
    for (let i = 0; i < 29; i++) windows.unsubscribe(1, `run-${i}`);
    expect(windows.highWatermark(1)).toBe(100_000);

    // Wired into streams: a client watching two runs gets half the budget in each.
    const shared = new ClientWindows(60_000, 1_000, 100_000);
    const mirror = new TerminalMirror(40, 8);
    const a = new TerminalStream({ runId: 'a', mirror, persist: () => {}, windows: shared });
    const b = new TerminalStream({ runId: 'b', mirror: new TerminalMirror(40, 8), persist: () => {}, windows: shared });
    const client = recordingClient(7);
    a.attach(client);
    b.attach(client);
    await settle();
    a.push('q'.repeat(50_000));
    a.flush();
    expect(client.frames.filter((f) => f.runId === 'a').reduce((n, f) => n + f.data.length, 0)).toBe(30_000);
    b.detach(7);
    a.ack(7, 1); // alone now, the client may hold the whole budget: the rest goes out
    expect(client.frames.filter((f) => f.runId === 'a').reduce((n, f) => n + f.data.length, 0)).toBe(50_000 + client.frames.find((f) => f.runId === 'a')!.data.length);
    a.dispose();
    b.dispose();
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
    // The resync's replay waits for the mirror to parse the 100,000 characters first.
    await vi.waitFor(() => expect(slow.frames.length).toBeGreaterThan(framesWhileStalled), { timeout: 5_000 });
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
