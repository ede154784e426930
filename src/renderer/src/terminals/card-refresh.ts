// Card terminals repaint at a low rate: xterm still parses every byte the moment it arrives (so the
// screen, the acks and a switch to the focused view are exact), but a card's renderer draws at most
// once per CardRefresh.intervalMs, and every card that changed draws in the same animation frame,
// so the page pays one style and layout pass for all of them. The focused terminal is not throttled.
//
// xterm.js has no public switch for this. Every repaint of a terminal, whoever asks for it (parsed
// output, scrolling, a resize, the cursor), goes through its render service's refreshRows(start, end),
// which queues the rows for the next animation frame; the throttle wraps that one method on the
// instance (checked against @xterm/xterm 6.0.0). Where it is missing the terminal simply renders at
// full rate, as before: `throttleRendering` returns null and nothing else changes.
//
// One more repaint bypasses refreshRows: on every scroll xterm refreshes the selection (once per
// animation frame), and its DOM renderer then redraws all rows at once, even when there was no
// selection before and is none after. While output scrolls, that redrew every terminal, card or not,
// at 60 frames a second (bench/terminals burst, traced). The same wrapper drops exactly those
// no-op selection refreshes (render service handleSelectionChanged with no selection, after none);
// any real selection change goes through untouched.
import type { Terminal } from '@xterm/xterm';

export const CardRefresh = {
  /**
   * Milliseconds between two repaints of a card whose terminal keeps changing (5 per second). A
   * thumbnail still reads as live at this rate, while 16 cards redrawn by xterm at every animation
   * frame (60 per second) took most of the page's main thread under a burst (bench/terminals burst).
   */
  intervalMs: 200,
} as const;

type SelectionPoint = [number, number] | undefined;

/** The methods of xterm's render service the throttle wraps. */
export interface RowRefresher {
  refreshRows(start: number, end: number, isRedrawOnly?: boolean): void;
  handleSelectionChanged?(start: SelectionPoint, end: SelectionPoint, columnSelectMode: boolean): void;
}

/** One timer for every card of a page: the cards due at a tick repaint together. */
export class CardRefreshClock {
  private readonly due = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly intervalMs: number = CardRefresh.intervalMs) {}

  /** Runs `flush` at the next tick (at most intervalMs from now); asking again before it is a no-op. */
  request(flush: () => void): void {
    this.due.add(flush);
    this.timer ??= setTimeout(this.tick, this.intervalMs);
  }

  cancel(flush: () => void): void {
    this.due.delete(flush);
    if (this.due.size === 0 && this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private readonly tick = (): void => {
    this.timer = null;
    const flushes = [...this.due];
    this.due.clear();
    for (const flush of flushes) flush();
  };
}

/** A terminal's renderer, throttled while `throttled` is true. */
export class RenderThrottle {
  private enabled = false;
  /** Rows asked for since the last repaint, or null when none is pending. */
  private pending: { start: number; end: number } | null = null;
  private readonly original: RowRefresher['refreshRows'];

  constructor(
    private readonly target: RowRefresher,
    private readonly clock: CardRefreshClock,
  ) {
    this.original = target.refreshRows.bind(target);
    const selectionChanged = target.handleSelectionChanged?.bind(target);
    if (selectionChanged) {
      let hadSelection = false;
      target.handleSelectionChanged = (start, end, columnSelectMode) => {
        const has = start !== undefined && end !== undefined;
        if (!has && !hadSelection) return; // nothing was selected and nothing is: nothing to redraw
        hadSelection = has;
        selectionChanged(start, end, columnSelectMode);
      };
    }
    target.refreshRows = (start, end, isRedrawOnly) => {
      if (!this.enabled) {
        this.original(start, end, isRedrawOnly);
        return;
      }
      // A redraw-only request merged into a pending full one stays a full one (the parse's rows).
      this.pending = this.pending ? { start: Math.min(this.pending.start, start), end: Math.max(this.pending.end, end) } : { start, end };
      this.clock.request(this.flush);
    };
  }

  get throttled(): boolean {
    return this.enabled;
  }

  /** On: repaints wait for the clock. Off: what is pending repaints now, later requests go straight through. */
  set throttled(on: boolean) {
    if (on === this.enabled) return;
    this.enabled = on;
    if (!on) this.flush();
  }

  /** Repaints what is pending now instead of at the next tick (a card just shown must not wait). */
  readonly flush = (): void => {
    this.clock.cancel(this.flush);
    const rows = this.pending;
    this.pending = null;
    if (rows) this.original(rows.start, rows.end);
  };

  dispose(): void {
    this.clock.cancel(this.flush);
    this.pending = null;
  }
}

/**
 * Installs a RenderThrottle on `term`'s render service (after term.open: the service exists from then
 * on). Null when this xterm.js has no such service, in which case the terminal renders at full rate.
 */
export function throttleRendering(term: Terminal, clock: CardRefreshClock): RenderThrottle | null {
  const service = (term as unknown as { _core?: { _renderService?: Partial<RowRefresher> } })._core?._renderService;
  if (!service || typeof service.refreshRows !== 'function') return null;
  return new RenderThrottle(service as RowRefresher, clock);
}
