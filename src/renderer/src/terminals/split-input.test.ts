import { describe, expect, it } from 'vitest';
import { splitInput } from './split-input';

describe('splitInput', () => {
  it('keeps short input in one piece', () => {
    expect(splitInput('ls -la\r', 100)).toEqual(['ls -la\r']);
    expect(splitInput('', 100)).toEqual([]);
  });

  it('splits long input into chunks that join back to the original', () => {
    const data = 'x'.repeat(25);
    const parts = splitInput(data, 10);
    expect(parts.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(parts.join('')).toBe(data);
  });

  it('never cuts a surrogate pair in half', () => {
    const data = 'abc\u{1F600}def';
    const parts = splitInput(data, 4);
    expect(parts.join('')).toBe(data);
    expect(parts.some((p) => /[\uD800-\uDBFF]$/.test(p))).toBe(false);
  });
});
