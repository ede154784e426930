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
//
// A card also shows only some of its rows (thumbnail.ts: ~13 of a 32-row screen), yet xterm repaints
// every row it was asked for, and scrolling output asks for all of them. When the throttle is given
// where the card's rows are (`locate`), it clips each render to the rows in view: it wraps the render
// service's _renderRows(start, end), what xterm's animation frame runs for the rows refreshRows queued.
// The rows it leaves out are remembered as stale, and repainted at once when the view moves onto
// them (reveal: a resize, a new scale, the cursor's row moving) or the terminal stops being a card,
// so no stale row is ever in view. Where _renderRows is missing, every row is repainted, as before.
import type { Terminal } from '@xterm/xterm';
import type { RowWindow } from './thumbnail';

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
  /** Renders rows start..end now (xterm's private RenderService._renderRows, run by its animation frame). */
  _renderRows?(start: number, end: number): void;
}

/**
 * Where a card's rows are, asked at each render: places the card for the cursor as it is now and
 * returns the rows in view, or null when any row may be (not laid out yet, a replay, not a card).
 */
export type LocateRows = () => RowWindow | null;

/** Rows xterm was asked to repaint and that were left out, being out of view. */
export class StaleRows {
  private readonly rows: boolean[] = [];

  add(start: number, end: number): void {
    for (let y = Math.max(0, start); y <= end; y++) this.rows[y] = true;
  }

  /** The smallest range holding every stale row of first..last, which are no longer stale; null if none. */
  take(first: number, last: number): { start: number; end: number } | null {
    let start = -1;
    let end = -1;
    const stop = Math.min(last, this.rows.length - 1);
    for (let y = Math.max(0, first); y <= stop; y++) {
      if (!this.rows[y]) continue;
      this.rows[y] = false;
      if (start < 0) start = y;
      end = y;
    }
    return start < 0 ? null : { start, end };
  }
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

/** A terminal's renderer, throttled (and clipped to the rows in view, given `locate`) while `throttled` is true. */
export class RenderThrottle {
  private enabled = false;
  /** Rows asked for since the last repaint, or null when none is pending. */
  private pending: { start: number; end: number } | null = null;
  private readonly original: RowRefresher['refreshRows'];
  /** xterm's own _renderRows, when this throttle clips renders to the rows in view. */
  private readonly render: ((start: number, end: number) => void) | null = null;
  private readonly stale = new StaleRows();

  constructor(
    private readonly target: RowRefresher,
    private readonly clock: CardRefreshClock,
    locate: LocateRows | null = null,
  ) {
    this.original = target.refreshRows.bind(target);
    if (typeof target._renderRows === 'function' && locate) {
      const render = target._renderRows.bind(target);
      this.render = render;
      target._renderRows = (start, end) => {
        this.stale.add(start, end);
        this.paint(this.enabled ? locate() : null);
      };
    }
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

  /**
   * On: repaints wait for the clock and are clipped to the rows in view. Off: what is pending is
   * asked for now, rows left stale are repainted at once, later requests go straight through.
   */
  set throttled(on: boolean) {
    if (on === this.enabled) return;
    this.enabled = on;
    if (on) return;
    this.flush();
    this.paint(null);
  }

  /** The card's view moved (or may have): repaints now the stale rows of `rows` (null: of all rows). */
  reveal(rows: RowWindow | null): void {
    this.paint(this.enabled ? rows : null);
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

  /** Renders the stale rows within `rows` (null: all of them) in one call, and forgets them. */
  private paint(rows: RowWindow | null): void {
    if (!this.render) return;
    const due = this.stale.take(rows?.first ?? 0, rows?.last ?? Number.MAX_SAFE_INTEGER);
    if (due) this.render(due.start, due.end);
  }
}

/**
 * Installs a RenderThrottle on `term`'s render service (after term.open: the service exists from then
 * on), clipping a card's renders to the rows `locate` says are in view. Null when this xterm.js has
 * no such service, in which case the terminal renders at full rate.
 */
export function throttleRendering(term: Terminal, clock: CardRefreshClock, locate: LocateRows | null = null): RenderThrottle | null {
  const service = (term as unknown as { _core?: { _renderService?: Partial<RowRefresher> } })._core?._renderService;
  if (!service || typeof service.refreshRows !== 'function') return null;
  return new RenderThrottle(service as RowRefresher, clock, locate);
}
