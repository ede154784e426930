import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AckCounter } from './ack-counter';

describe('AckCounter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const tuning = { every: 10, promptly: 6, delayMs: 100 };

  it('acknowledges in batches once parsed, carrying the whole count', () => {
    const sent: number[] = [];
    const acks = new AckCounter((n) => sent.push(n), tuning);
    const a = acks.track(4);
    const b = acks.track(4);
    const c = acks.track(5);
    const d = acks.track(3);
    expect(sent).toEqual([]); // nothing is acknowledged before xterm parsed it
    a();
    b();
    expect(sent).toEqual([]); // 8 parsed, more to come: below the batch size
    c();
    expect(sent).toEqual([13]);
    d(); // caught up with 3: too few to hurry
    expect(sent).toEqual([13]);
    vi.advanceTimersByTime(99);
    expect(sent).toEqual([13]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([13, 3]);
  });

  it('acknowledges at once when it has caught up with enough for the core to be waiting on', () => {
    const sent: number[] = [];
    const acks = new AckCounter((n) => sent.push(n), tuning);
    const a = acks.track(4);
    const b = acks.track(3);
    a();
    expect(sent).toEqual([]);
    b(); // caught up with 7 ≥ 6
    expect(sent).toEqual([7]);
  });

  it('joins the small frames that arrive within the delay into one acknowledgement', () => {
    const sent: number[] = [];
    const acks = new AckCounter((n) => sent.push(n), tuning);
    acks.track(2)();
    vi.advanceTimersByTime(50);
    acks.track(2)();
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([4]);
    acks.track(1)();
    acks.track(5)(); // 6: promptly
    expect(sent).toEqual([4, 6]);
    vi.advanceTimersByTime(500);
    expect(sent).toEqual([4, 6]);
  });

  it('forgets parses of frames from before a replay', () => {
    const sent: number[] = [];
    const acks = new AckCounter((n) => sent.push(n), tuning);
    const old = acks.track(8);
    acks.track(1)();
    acks.restart();
    old();
    vi.advanceTimersByTime(500);
    expect(sent).toEqual([]);
    const next = acks.track(4);
    const last = acks.track(9);
    next();
    expect(sent).toEqual([]);
    last();
    expect(sent).toEqual([13]);
  });

  it('acknowledges nothing after it is stopped', () => {
    const sent: number[] = [];
    const acks = new AckCounter((n) => sent.push(n), tuning);
    acks.track(1)();
    const late = acks.track(20);
    acks.stop();
    late();
    acks.track(50)();
    vi.advanceTimersByTime(500);
    expect(sent).toEqual([]);
  });

});
