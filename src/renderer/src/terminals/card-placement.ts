// Where a card's terminal sits in its host: scaled and scrolled so the cursor's row (the latest
// output) stays in view (thumbnail.ts computes it). Keeps the host's and the terminal's sizes from
// the ResizeObserver rather than reading layout, so 16 cards repainting in one frame cost one
// layout pass, not one each. Used by mounted-terminal.ts in card mode, which repaints only the rows
// place() says are in view (card-refresh.ts).
import { thumbnailLayout, visibleRows, type RowWindow, type Size } from './thumbnail';

export class CardPlacement {
  private hostSize: Size = { width: 0, height: 0 };
  private contentSize: Size = { width: 0, height: 0 };

  constructor(private readonly wrapper: HTMLElement) {}

  /** Reads both sizes once (a card just placed must not wait a frame for the observer). */
  measure(host: HTMLElement): void {
    this.hostSize = { width: host.offsetWidth, height: host.offsetHeight };
    this.contentSize = { width: this.wrapper.offsetWidth, height: this.wrapper.offsetHeight };
  }

  /** Takes the sizes the ResizeObserver watching `host` and the wrapper reported. */
  noteResize(entries: readonly ResizeObserverEntry[], host: HTMLElement): void {
    for (const entry of entries) {
      const box = entry.borderBoxSize[0];
      const size = box ? { width: box.inlineSize, height: box.blockSize } : { width: entry.contentRect.width, height: entry.contentRect.height };
      if (entry.target === host) this.hostSize = size;
      else if (entry.target === this.wrapper) this.contentSize = size;
    }
  }

  /**
   * Scales and scrolls the wrapper so row `cursorY` of `rows` is in view; writes style only when it
   * changes. Returns the rows now in view, or null before both sizes are known (any row may show).
   */
  place(cursorY: number, rows: number): RowWindow | null {
    const cursorBottom = ((cursorY + 1) / Math.max(1, rows)) * this.contentSize.height;
    const layout = thumbnailLayout(this.hostSize, this.contentSize, cursorBottom);
    if (!layout) return null;
    const transform = `translateY(${layout.offsetY}px) scale(${layout.scale})`;
    if (this.wrapper.style.transform !== transform) this.wrapper.style.transform = transform;
    return visibleRows(this.hostSize, this.contentSize, layout, rows);
  }
}
