import type { IBufferLine } from '@xterm/xterm';
import { describe, expect, it } from 'vitest';
import { lastLine } from './last-line';

/** A buffer of rows; a row starting with '+' continues the previous one (a wrapped line). */
function buffer(rows: string[]) {
  const lines = rows.map(
    (row) =>
      ({
        isWrapped: row.startsWith('+'),
        translateToString: (trimRight?: boolean) => {
          const text = row.replace(/^\+/, '');
          return trimRight ? text.replace(/\s+$/, '') : text;
        },
      }) as unknown as IBufferLine,
  );
  return { length: lines.length, getLine: (y: number) => lines[y] };
}

describe('lastLine', () => {
  it('skips the blank rows below the output', () => {
    expect(lastLine(buffer(['$ make', 'built 3 files  ', '', '   ', '']))).toBe('built 3 files');
  });

  it('reads a wrapped line whole', () => {
    expect(lastLine(buffer(['first', 'a long li', '+ne that w', '+raps', '']))).toBe('a long line that wraps');
  });

  it('is null for an empty terminal', () => {
    expect(lastLine(buffer(['', '']))).toBeNull();
    expect(lastLine(buffer([]))).toBeNull();
  });
});
