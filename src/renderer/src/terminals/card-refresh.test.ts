import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CardRefreshClock, RenderThrottle, StaleRows, throttleRendering, type RowRefresher } from './card-refresh';
import type { RowWindow } from './thumbnail';

type Point = [number, number] | undefined;

/** Stands in for xterm's render service: records the repaints that reach it. */
class FakeRenderService implements RowRefresher {
  readonly refreshed: [number, number][] = [];
  readonly selections: [Point, Point][] = [];
  refreshRows(start: number, end: number, _isRedrawOnly?: boolean): void {
    this.refreshed.push([start, end]);
  }
  handleSelectionChanged(start: Point, end: Point, _columnSelectMode: boolean): void {
    this.selections.push([start, end]);
  }
}

/**
 * Also renders, as xterm does: refreshRows queues rows, the animation frame (frame()) renders them
 * through the instance's _renderRows, which records the rows painted.
 */
class FakeRenderer extends FakeRenderService {
  readonly painted: [number, number][] = [];
  private queued: [number, number] | null = null;
  override refreshRows(start: number, end: number, isRedrawOnly?: boolean): void {
    super.refreshRows(start, end, isRedrawOnly);
    this.queued = this.queued ? [Math.min(this.queued[0], start), Math.max(this.queued[1], end)] : [start, end];
  }
  _renderRows(start: number, end: number): void {
    this.painted.push([start, end]);
  }
  frame(): void {
    const rows = this.queued;
    this.queued = null;
    if (rows) this._renderRows(rows[0], rows[1]);
  }
}

describe('card refresh', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('repaints a throttled terminal at most once per interval, with every row asked for since', () => {
    const service = new FakeRenderService();
    const throttle = new RenderThrottle(service, new CardRefreshClock(200));
    throttle.throttled = true;
    service.refreshRows(3, 4);
    service.refreshRows(0, 1);
    service.refreshRows(7, 7, true);
    expect(service.refreshed).toEqual([]);
    vi.advanceTimersByTime(199);
    expect(service.refreshed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(service.refreshed).toEqual([[0, 7]]);
    vi.advanceTimersByTime(1_000);
    expect(service.refreshed).toEqual([[0, 7]]); // nothing asked for: nothing repainted
  });

  it('repaints every card due at a tick together, on one timer', () => {
    const clock = new CardRefreshClock(200);
    const a = new FakeRenderService();
    const b = new FakeRenderService();
    new RenderThrottle(a, clock).throttled = true;
    new RenderThrottle(b, clock).throttled = true;
    a.refreshRows(0, 0);
    vi.advanceTimersByTime(150);
    b.refreshRows(1, 1);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(50);
    expect([a.refreshed, b.refreshed]).toEqual([[[0, 0]], [[1, 1]]]);
  });

  it('passes repaints straight through when not throttled (the focused terminal), and flushes what waited', () => {
    const service = new FakeRenderService();
    const throttle = new RenderThrottle(service, new CardRefreshClock(200));
    service.refreshRows(1, 2);
    expect(service.refreshed).toEqual([[1, 2]]);
    throttle.throttled = true;
    service.refreshRows(5, 6);
    throttle.throttled = false; // shown as the focused terminal: what waited is painted now
    expect(service.refreshed).toEqual([
      [1, 2],
      [5, 6],
    ]);
    vi.advanceTimersByTime(1_000);
    expect(service.refreshed).toHaveLength(2);
  });

  it('flush() paints a card just shown at once, and dispose() drops what is pending', () => {
    const service = new FakeRenderService();
    const throttle = new RenderThrottle(service, new CardRefreshClock(200));
    throttle.throttled = true;
    service.refreshRows(0, 9);
    throttle.flush();
    expect(service.refreshed).toEqual([[0, 9]]);
    service.refreshRows(2, 3);
    throttle.dispose();
    vi.advanceTimersByTime(1_000);
    expect(service.refreshed).toEqual([[0, 9]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drops selection refreshes that change nothing, and passes every real one', () => {
    const service = new FakeRenderService();
    new RenderThrottle(service, new CardRefreshClock(200));
    service.handleSelectionChanged(undefined, undefined, false); // scrolling output, nothing selected
    service.handleSelectionChanged(undefined, undefined, false);
    expect(service.selections).toEqual([]);
    service.handleSelectionChanged([0, 1], [4, 1], false);
    service.handleSelectionChanged([0, 1], [5, 1], false);
    service.handleSelectionChanged(undefined, undefined, false); // cleared: the rows must lose the highlight
    service.handleSelectionChanged(undefined, undefined, false);
    expect(service.selections).toEqual([
      [
        [0, 1],
        [4, 1],
      ],
      [
        [0, 1],
        [5, 1],
      ],
      [undefined, undefined],
    ]);
  });

  it('leaves a terminal alone when it has no render service to wrap', () => {
    expect(throttleRendering({} as never, new CardRefreshClock())).toBeNull();
    expect(throttleRendering({ _core: { _renderService: {} } } as never, new CardRefreshClock())).toBeNull();
  });

  describe('clipped to the rows in view', () => {
    /** A 32-row card terminal showing rows `view` (what CardPlacement.place returns); throttled, one tick passed. */
    function card(view: { rows: RowWindow | null }) {
      const service = new FakeRenderer();
      const throttle = new RenderThrottle(service, new CardRefreshClock(200), () => view.rows);
      throttle.throttled = true;
      const paintAfterTick = (start: number, end: number) => {
        service.refreshRows(start, end);
        vi.advanceTimersByTime(200);
        service.frame();
      };
      return { service, throttle, paintAfterTick };
    }

    it('paints only the rows in view of what was asked for', () => {
      const { service, paintAfterTick } = card({ rows: { first: 18, last: 31 } });
      paintAfterTick(0, 31); // output scrolled: every row changed
      expect(service.painted).toEqual([[18, 31]]);
      paintAfterTick(31, 31);
      expect(service.painted.at(-1)).toEqual([31, 31]);
      paintAfterTick(2, 5); // nothing of it in view: nothing painted
      expect(service.painted).toHaveLength(2);
    });

    it('paints the rows the view moves onto at once, and only those left stale', () => {
      const view: { rows: RowWindow | null } = { rows: { first: 18, last: 31 } };
      const { service, throttle, paintAfterTick } = card(view);
      paintAfterTick(0, 31);
      throttle.reveal({ first: 18, last: 31 }); // placed again, same view: nothing to do
      expect(service.painted).toEqual([[18, 31]]);
      throttle.reveal({ first: 10, last: 23 }); // e.g. the card grew taller upwards, or the cursor moved up
      expect(service.painted).toEqual([
        [18, 31],
        [10, 17],
      ]);
      throttle.reveal({ first: 0, last: 31 }); // the whole screen now: the rest, once
      throttle.reveal({ first: 0, last: 31 });
      expect(service.painted).toEqual([
        [18, 31],
        [10, 17],
        [0, 9],
      ]);
    });

    it('places the card for the cursor at render time: a view moved by the output is painted in the same render', () => {
      const view: { rows: RowWindow | null } = { rows: { first: 0, last: 13 } };
      const { service, paintAfterTick } = card(view);
      paintAfterTick(0, 31); // a clear screen and a first page of output
      expect(service.painted).toEqual([[0, 13]]);
      view.rows = { first: 4, last: 17 }; // the cursor moved down four rows before the next render
      paintAfterTick(16, 17);
      expect(service.painted.at(-1)).toEqual([14, 17]); // rows 14 and 15 (stale) with 16 and 17 (asked for)
    });

    it('paints every row while the card is not laid out (no view known)', () => {
      const { service, paintAfterTick } = card({ rows: null });
      paintAfterTick(0, 31);
      expect(service.painted).toEqual([[0, 31]]);
    });

    it('paints every stale row at once when it stops being a card, then passes renders through as asked', () => {
      const { service, throttle, paintAfterTick } = card({ rows: { first: 18, last: 31 } });
      paintAfterTick(0, 31);
      paintAfterTick(25, 31);
      throttle.throttled = false; // shown focused
      expect(service.painted).toEqual([
        [18, 31],
        [25, 31],
        [0, 17],
      ]);
      service.refreshRows(3, 4);
      service.frame();
      throttle.reveal({ first: 20, last: 31 }); // a stray reveal is ignored: nothing is stale
      expect(service.painted.at(-1)).toEqual([3, 4]);
      expect(service.painted).toHaveLength(4);
    });

    it('renders every row, as before, without a locator or without xterm\'s _renderRows', () => {
      const unlocated = new FakeRenderer();
      new RenderThrottle(unlocated, new CardRefreshClock(200)).throttled = true;
      unlocated.refreshRows(0, 31);
      vi.advanceTimersByTime(200);
      unlocated.frame();
      expect(unlocated.painted).toEqual([[0, 31]]);

      const old = new FakeRenderService(); // an xterm without _renderRows: throttled, never clipped
      const throttle = new RenderThrottle(old, new CardRefreshClock(200), () => ({ first: 18, last: 31 }));
      throttle.throttled = true;
      old.refreshRows(0, 31);
      vi.advanceTimersByTime(200);
      throttle.reveal({ first: 0, last: 31 });
      expect(old.refreshed).toEqual([[0, 31]]);
    });
  });

  it('StaleRows gives the smallest range covering the stale rows of a window, once', () => {
    const stale = new StaleRows();
    stale.add(2, 4);
    stale.add(9, 9);
    expect(stale.take(3, 20)).toEqual({ start: 3, end: 9 });
    expect(stale.take(0, 20)).toEqual({ start: 2, end: 2 });
    expect(stale.take(0, 20)).toBeNull();
    expect(stale.take(5, 4)).toBeNull();
  });
});
