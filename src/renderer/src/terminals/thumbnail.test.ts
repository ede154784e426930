import { describe, expect, it } from 'vitest';
import { MIN_READABLE_SCALE, thumbnailLayout } from './thumbnail';

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
