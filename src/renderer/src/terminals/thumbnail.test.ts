import { describe, expect, it } from 'vitest';
import { MIN_READABLE_SCALE, thumbnailLayout, visibleRows, VISIBLE_ROWS_MARGIN } from './thumbnail';

describe('thumbnailLayout', () => {
  it('fits the whole screen when that stays readable, and never enlarges', () => {
    expect(thumbnailLayout({ width: 360, height: 180 }, { width: 400, height: 200 }, 200)).toEqual({ scale: 0.9, offsetY: -0 });
    expect(thumbnailLayout({ width: 360, height: 180 }, { width: 100, height: 50 }, 50)).toEqual({ scale: 1, offsetY: -0 });
  });

  it('never shrinks below the readable scale; it clips instead', () => {
    const layout = thumbnailLayout({ width: 360, height: 180 }, { width: 1000, height: 560 }, 560)!;
    expect(layout.scale).toBe(MIN_READABLE_SCALE);
  });

  it('keeps the cursor row in view: the top when output is short, the bottom when the screen is full', () => {
    const host = { width: 360, height: 180 };
    const content = { width: 1000, height: 560 };
    expect(thumbnailLayout(host, content, 40)!.offsetY).toBe(-0);
    const full = thumbnailLayout(host, content, 560)!;
    expect(full.offsetY).toBeCloseTo(-(560 - 180 / MIN_READABLE_SCALE) * MIN_READABLE_SCALE);
    const middle = thumbnailLayout(host, content, 400)!;
    expect(middle.offsetY).toBeCloseTo(-(400 - 225) * MIN_READABLE_SCALE);
  });

  it('waits for layout', () => {
    expect(thumbnailLayout({ width: 0, height: 180 }, { width: 100, height: 50 }, 0)).toBeNull();
    expect(thumbnailLayout({ width: 360, height: 180 }, { width: 0, height: 0 }, 0)).toBeNull();
  });
});

describe('visibleRows', () => {
  // A 32-row terminal of 10 px rows in a 180 px card: drawn at the readable scale, 22.5 rows show.
  const host = { width: 360, height: 180 };
  const content = { width: 1000, height: 320 };
  const rowsShown = (cursorBottom: number, margin: number) => visibleRows(host, content, thumbnailLayout(host, content, cursorBottom)!, 32, margin);

  it('is the rows any part of which is in view, widened by the margin', () => {
    expect(rowsShown(320, 0)).toEqual({ first: 9, last: 31 }); // full screen: content 95..320 px shows, row 9 in half
    expect(rowsShown(320, 1)).toEqual({ first: 8, last: 31 });
    expect(rowsShown(40, 0)).toEqual({ first: 0, last: 22 }); // short output: 0..225 px, row 22 in half
    expect(rowsShown(40, VISIBLE_ROWS_MARGIN)).toEqual({ first: 0, last: 23 });
    expect(rowsShown(300, 0)).toEqual({ first: 7, last: 29 }); // 75..300 px: the cursor's row (29) ends at the bottom edge
  });

  it('is every row when the whole screen fits', () => {
    const small = { width: 400, height: 160 };
    expect(visibleRows(host, small, thumbnailLayout(host, small, 160)!, 32, 0)).toEqual({ first: 0, last: 31 });
  });
});
