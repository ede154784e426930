import { describe, expect, it } from 'vitest';
import { HiddenLru } from './hidden-lru';

describe('HiddenLru', () => {
  it('overflows the least recently hidden beyond its capacity', () => {
    const lru = new HiddenLru<string>(2);
    lru.add('a');
    lru.add('b');
    expect(lru.overflow()).toEqual([]);
    lru.add('c');
    expect(lru.overflow()).toEqual(['a']);
    expect(lru.size).toBe(2);
    expect(lru.has('a')).toBe(false);
  });

  it('forgets a key shown again, and refreshes one hidden again', () => {
    const lru = new HiddenLru<string>(2);
    lru.add('a');
    lru.add('b');
    lru.add('c');
    lru.remove('a'); // shown again before the overflow was collected: it is not disposed
    expect(lru.overflow()).toEqual([]);
    lru.add('b'); // b is now the most recent
    lru.add('d');
    expect(lru.overflow()).toEqual(['c']);
  });

  it('with capacity 0 overflows everything', () => {
    const lru = new HiddenLru<number>(0);
    lru.add(1);
    lru.add(2);
    expect(lru.overflow()).toEqual([1, 2]);
    expect(lru.size).toBe(0);
  });
});
