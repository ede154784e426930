import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlowControl, parseAckFrame, type AckFrame, type Frame } from '../protocol';
import { AckBatch } from './ack-batch';
import { createClient } from './client';
import { createMemoryTransportPair } from './memory-transport';

const A = 'aaaaaaaa0001';
const B = 'bbbbbbbb0002';
const C = 'cccccccc0003';

describe('AckBatch: credits of every run gathered into one frame', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('sends the credits of several runs parsed within the window as one frame, summed per run', () => {
    const sent: AckFrame[] = [];
    const batch = new AckBatch((f) => sent.push(f), 4);
    batch.add(A, 16_000);
    batch.add(B, 20_000);
    vi.advanceTimersByTime(3);
    batch.add(A, 500);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([{ t: 'ack', credits: [[A, 16_500], [B, 20_000]] }]);
    batch.add(C, 7);
    vi.advanceTimersByTime(4);
    expect(sent).toEqual([{ t: 'ack', credits: [[A, 16_500], [B, 20_000]] }, { t: 'ack', credits: [[C, 7]] }]);
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(2); // nothing held, nothing sent
  });

  it('does not hold a credit longer when the page runs its timer late: the next credit sends the frame', () => {
    const sent: AckFrame[] = [];
    let now = 0;
    const batch = new AckBatch((f) => sent.push(f), 4, () => now);
    batch.add(A, 1);
    now = 3; // a long task: the timer is due at 4 but cannot run yet
    batch.add(B, 2);
    expect(sent).toEqual([]);
    now = 9;
    batch.add(C, 3);
    expect(sent).toEqual([{ t: 'ack', credits: [[A, 1], [B, 2], [C, 3]] }]);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
  });

  it('splits more runs than one frame may carry over several frames, each one the core accepts', () => {
    const sent: AckFrame[] = [];
    const batch = new AckBatch((f) => sent.push(f), 4);
    const runs = Array.from({ length: FlowControl.maxCreditsPerAck + 3 }, (_, i) => `run-${String(i).padStart(8, '0')}`);
    for (const id of runs) batch.add(id, 10);
    batch.flush();
    expect(sent.map((f) => f.credits.length)).toEqual([FlowControl.maxCreditsPerAck, 3]);
    expect(sent.flatMap((f) => parseAckFrame(f)!.map(([id]) => id))).toEqual(runs);
  });

  it('forgets one run on request, and everything once disposed', () => {
    const sent: AckFrame[] = [];
    const batch = new AckBatch((f) => sent.push(f), 4);
    batch.add(A, 1);
    batch.add(B, 2);
    batch.forget(A);
    vi.advanceTimersByTime(4);
    expect(sent).toEqual([{ t: 'ack', credits: [[B, 2]] }]);
    batch.add(C, 3);
    batch.dispose();
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the RPC client acknowledges through one batch', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  /** A client over a real in-memory transport pair; `received` is what the core's end got. */
  function connected() {
    const [clientEnd, coreEnd] = createMemoryTransportPair();
    const received: Frame[] = [];
    coreEnd.onFrame((f) => received.push(f));
    const settle = async () => {
      for (let i = 0; i < 3; i++) await Promise.resolve(); // the memory transport delivers in a microtask
    };
    return { client: createClient(clientEnd), coreEnd, received, settle };
  }

  it('sends the credits of every run acknowledged in the same moment as one frame', async () => {
    const { client, received, settle } = connected();
    client.ack(A, 100);
    client.ack(B, 200);
    client.ack(A, 50);
    client.ack(B, 0); // nothing to acknowledge
    await settle();
    expect(received).toEqual([]);
    vi.advanceTimersByTime(FlowControl.ackCoalesceMs);
    await settle();
    expect(received).toEqual([{ t: 'ack', credits: [[A, 150], [B, 200]] }]);
  });

  it("drops a run's held credits when a replay restarts its stream (they were for the stream it replaces)", async () => {
    const { client, coreEnd, received, settle } = connected();
    client.onPty(A, () => {});
    client.ack(A, 100);
    client.ack(B, 200);
    coreEnd.send({ t: 'pty', runId: A, data: 'screen', replay: { cols: 80, rows: 24, truncated: false } });
    await settle();
    client.ack(A, 6); // the replay parsed
    vi.advanceTimersByTime(FlowControl.ackCoalesceMs);
    await settle();
    expect(received).toEqual([{ t: 'ack', credits: [[B, 200], [A, 6]] }]);
  });

  it('sends nothing once closed', async () => {
    const { client, received, settle } = connected();
    client.ack(A, 100);
    client.close();
    vi.advanceTimersByTime(100);
    await settle();
    expect(received).toEqual([]);
  });
});

describe('parseAckFrame: the core reads exactly an AckFrame', () => {
  it('takes the credits of a valid frame', () => {
    expect(parseAckFrame({ t: 'ack', credits: [[A, 1], [B, 64_000]] })).toEqual([[A, 1], [B, 64_000]]);
  });

  it('refuses anything else whole', () => {
    const refused: unknown[] = [
      null,
      'ack',
      { t: 'ack', runId: A, chars: 5 }, // the one-run shape of old
      { t: 'ack', credits: [] },
      { t: 'ack', credits: [[A, 5]], extra: 1 },
      { t: 'ack', credits: [[A, 5], [B, -5]] }, // one bad credit spoils the frame
      { t: 'ack', credits: [[A, 1.5]] },
      { t: 'ack', credits: [[A, 0]] },
      { t: 'ack', credits: [[A, Infinity]] },
      { t: 'ack', credits: [[A, Number.NaN]] },
      { t: 'ack', credits: [[A, 2 ** 53]] },
      { t: 'ack', credits: [[A, '5']] },
      { t: 'ack', credits: [[A, 5, 5]] },
      { t: 'ack', credits: [['NOT AN ID', 5]] },
      { t: 'ack', credits: [{ runId: A, chars: 5 }] },
      { t: 'ack', credits: Array.from({ length: FlowControl.maxCreditsPerAck + 1 }, () => [A, 1]) },
    ];
    for (const frame of refused) expect(parseAckFrame(frame), JSON.stringify(frame)).toBeNull();
  });
});
