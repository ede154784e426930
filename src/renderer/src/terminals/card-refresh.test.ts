import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CardRefreshClock, RenderThrottle, throttleRendering, type RowRefresher } from './card-refresh';

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
});
