import { describe, expect, it } from 'vitest';
import { AckCounter } from './ack-counter';

describe('AckCounter', () => {
  it('acknowledges in batches once parsed, carrying the whole count', () => {
    const sent: number[] = [];
    const acks = new AckCounter((n) => sent.push(n), 10);
    const a = acks.track(4);
    const b = acks.track(4);
    const c = acks.track(5);
    expect(sent).toEqual([]); // nothing is acknowledged before xterm parsed it
    a();
    b();
    expect(sent).toEqual([]);
    c();
    expect(sent).toEqual([13]);
    acks.track(9)();
    expect(sent).toEqual([13]);
    acks.track(1)();
    expect(sent).toEqual([13, 10]);
  });

  it('forgets parses of frames from before a replay', () => {
    const sent: number[] = [];
    const acks = new AckCounter((n) => sent.push(n), 10);
    const old = acks.track(8);
    acks.track(1)();
    acks.restart();
    old();
    acks.track(9)();
    expect(sent).toEqual([]);
    acks.track(1)();
    expect(sent).toEqual([10]);
  });

  it('acknowledges nothing after it is stopped', () => {
    const sent: number[] = [];
    const acks = new AckCounter((n) => sent.push(n), 10);
    const late = acks.track(20);
    acks.stop();
    late();
    acks.track(50)();
    expect(sent).toEqual([]);
  });
});
