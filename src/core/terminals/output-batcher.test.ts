import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutputBatcher } from './output-batcher';
import { OutputBatching } from './terminal-constants';

describe('OutputBatcher', () => {
  let flushes: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    flushes = [];
  });
  afterEach(() => vi.useRealTimers());

  const make = (opts: { intervalMs?: number; bulkIntervalMs?: number; bulkThresholdChars?: number; maxBatchChars?: number } = {}) =>
    new OutputBatcher({ ...opts, onFlush: (data) => flushes.push(data) });

  it('joins the chunks pushed within the interval into one flush', () => {
    const batcher = make();
    batcher.push('a');
    vi.advanceTimersByTime(OutputBatching.intervalMs - 1);
    batcher.push('b');
    batcher.push('c');
    expect(flushes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushes).toEqual(['abc']);
  });

  it('times the batch from its first chunk, not its last', () => {
    const batcher = make({ intervalMs: 10 });
    batcher.push('a');
    vi.advanceTimersByTime(9);
    batcher.push('b');
    vi.advanceTimersByTime(1);
    expect(flushes).toEqual(['ab']);
    batcher.push('c');
    vi.advanceTimersByTime(10);
    expect(flushes).toEqual(['ab', 'c']);
  });

  it('defaults to the 5 ms interval of VS Code', () => {
    expect(OutputBatching.intervalMs).toBe(5);
    const batcher = make();
    batcher.push('x');
    vi.advanceTimersByTime(4);
    expect(flushes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushes).toEqual(['x']);
  });

  it('flushes at once when the pending output reaches maxBatchChars', () => {
    const batcher = make({ maxBatchChars: 10 });
    batcher.push('12345');
    batcher.push('6789');
    expect(flushes).toEqual([]);
    batcher.push('0ab');
    expect(flushes).toEqual(['1234567890ab']);
    vi.advanceTimersByTime(100);
    expect(flushes).toEqual(['1234567890ab']);
  });

  it('bounds a flood by the default 64 KiB batch size', () => {
    const batcher = make();
    const chunk = 'x'.repeat(4096);
    for (let i = 0; i < 32; i++) batcher.push(chunk);
    expect(flushes.map((f) => f.length)).toEqual([65536, 65536]);
  });

  it('waits the bulk interval after a large batch (a flood), and the short one again once batches are small', () => {
    const batcher = make({ intervalMs: 5, bulkIntervalMs: 16, bulkThresholdChars: 100 });
    batcher.push('x'.repeat(150));
    vi.advanceTimersByTime(5);
    expect(flushes).toHaveLength(1); // the first batch of a flood still goes out at the short interval
    expect(batcher.isBulk).toBe(true);
    batcher.push('y'.repeat(60));
    vi.advanceTimersByTime(15);
    expect(flushes).toHaveLength(1);
    batcher.push('y'.repeat(60));
    vi.advanceTimersByTime(1);
    expect(flushes.at(-1)).toBe('y'.repeat(120)); // one larger frame instead of several small ones
    batcher.push('z');
    vi.advanceTimersByTime(16);
    expect(flushes.at(-1)).toBe('z');
    expect(batcher.isBulk).toBe(false);
    batcher.push('w');
    vi.advanceTimersByTime(5);
    expect(flushes.at(-1)).toBe('w');
  });

  it('quicken() (someone typed) sends the pending batch at the short interval, even in a flood', () => {
    const batcher = make({ intervalMs: 5, bulkIntervalMs: 16, bulkThresholdChars: 100 });
    batcher.push('x'.repeat(150));
    vi.advanceTimersByTime(5);
    batcher.push('^C');
    vi.advanceTimersByTime(2);
    batcher.quicken();
    vi.advanceTimersByTime(4);
    expect(flushes.at(-1)).not.toBe('^C');
    vi.advanceTimersByTime(1);
    expect(flushes.at(-1)).toBe('^C');
    expect(batcher.isBulk).toBe(false);
  });

  it('flush() emits the pending batch immediately and disarms the timer', () => {
    const batcher = make();
    batcher.push('before resize');
    batcher.flush();
    expect(flushes).toEqual(['before resize']);
    vi.advanceTimersByTime(100);
    expect(flushes).toEqual(['before resize']);
    batcher.flush();
    expect(flushes).toEqual(['before resize']);
  });

  it('dispose() flushes what is pending and ignores later pushes', () => {
    const batcher = make();
    batcher.push('last words');
    batcher.dispose();
    expect(flushes).toEqual(['last words']);
    batcher.push('too late');
    vi.advanceTimersByTime(100);
    batcher.dispose();
    expect(flushes).toEqual(['last words']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores empty chunks', () => {
    const batcher = make();
    batcher.push('');
    expect(vi.getTimerCount()).toBe(0);
    batcher.flush();
    expect(flushes).toEqual([]);
  });
});
