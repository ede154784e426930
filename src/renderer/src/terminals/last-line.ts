// A card's summary of a run whose terminal is gone: the last non-empty line it showed.
import type { IBuffer } from '@xterm/xterm';

export const SummaryLimits = {
  /** Rows searched upward from the end of the buffer, so a screen of blank rows costs little. */
  scanRows: 200,
  /** Longest line kept, in characters (the card shows one ellipsised line). */
  maxChars: 300,
} as const;

/** The last non-empty line of `buffer`, a wrapped line read whole (its tail, when very long). */
export function lastLine(buffer: Pick<IBuffer, 'length' | 'getLine'>): string | null {
  const stop = Math.max(0, buffer.length - SummaryLimits.scanRows);
  for (let y = buffer.length - 1; y >= stop; y--) {
    let text = buffer.getLine(y)?.translateToString(true) ?? '';
    if (!text.trim()) continue;
    for (let row = y; row > 0 && buffer.getLine(row)?.isWrapped && text.length < SummaryLimits.maxChars; row--) {
      text = (buffer.getLine(row - 1)?.translateToString(false) ?? '') + text;
    }
    return text.trim().slice(-SummaryLimits.maxChars);
  }
  return null;
}
