import { describe, expect, it } from 'vitest';
import { formatDiff, formatDuration, formatRelative, runElapsedMs } from './format';

describe('formatters', () => {
  it('formats durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(42_900)).toBe('0:42');
    expect(formatDuration(12 * 60_000 + 5000)).toBe('12:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-5)).toBe('0:00');
  });

  it('measures a run from start to end, or to now while it runs', () => {
    expect(runElapsedMs({ startedAt: null, endedAt: null }, 10)).toBeNull();
    expect(runElapsedMs({ startedAt: 1000, endedAt: 4000 }, 99_000)).toBe(3000);
    expect(runElapsedMs({ startedAt: 1000, endedAt: null }, 6000)).toBe(5000);
  });

  it('formats diff stats', () => {
    expect(formatDiff(null)).toBeNull();
    expect(formatDiff({ files: 0, added: 0, removed: 0, at: 1 })).toBe('no changes');
    expect(formatDiff({ files: 3, added: 12, removed: 4, at: 1 })).toBe('+12 \u22124 \u00b7 3 files');
    expect(formatDiff({ files: 1, added: 1, removed: 0, at: 1 })).toBe('+1 \u22120 \u00b7 1 file');
  });

  it('formats relative times', () => {
    const now = 10 * 24 * 3600_000;
    expect(formatRelative(now - 10_000, now)).toBe('just now');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5m ago');
    expect(formatRelative(now - 3 * 3600_000, now)).toBe('3h ago');
    expect(formatRelative(now - 2 * 24 * 3600_000, now)).toBe('2d ago');
  });
});
