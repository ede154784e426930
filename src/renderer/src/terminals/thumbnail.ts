// Card thumbnails render the terminal at the PTY's real size, so a full-screen TUI keeps its layout
// instead of wrapping at the card's width, then scale it down, but never below a readable size:
// when the whole screen does not fit, the card shows the part around the cursor (the latest output).
// visibleRows says which of the terminal's rows that part is, so only those need repainting.

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * Smallest scale a thumbnail is drawn at. Terminals render 13 px text, so 0.8 gives ~10.4 px: still
 * readable on a card, where fitting a 120 x 32 screen whole would shrink it to an unreadable ~4.7 px.
 */
export const MIN_READABLE_SCALE = 0.8;

export interface ThumbnailLayout {
  scale: number;
  /** Vertical shift in the card's pixels (zero or negative) that keeps the cursor's row in view. */
  offsetY: number;
}

/**
 * How to draw `content` (the terminal at PTY size) in `host`: fitted whole when that stays readable,
 * otherwise at MIN_READABLE_SCALE, clipped, and scrolled so the row ending at `cursorBottom`
 * (content pixels) is the last one visible. Null until both are laid out.
 */
export function thumbnailLayout(host: Size, content: Size, cursorBottom: number): ThumbnailLayout | null {
  if (host.width <= 0 || host.height <= 0 || content.width <= 0 || content.height <= 0) return null;
  const fit = Math.min(1, host.width / content.width, host.height / content.height);
  const scale = Math.max(fit, Math.min(1, MIN_READABLE_SCALE));
  const visibleHeight = host.height / scale;
  const top = Math.max(0, Math.min(content.height - visibleHeight, cursorBottom - visibleHeight));
  return { scale, offsetY: -top * scale };
}

/** Viewport rows `first`..`last` (inclusive, 0-based) of a terminal. */
export interface RowWindow {
  readonly first: number;
  readonly last: number;
}

/**
 * Rows added above and below the window visibleRows computes. It spreads the content's height evenly
 * over the rows, while that height also holds xterm's padding (4 px above and below the rows), so a
 * row's place is off by at most 8 px, less than one row (~14 px at 13 px text).
 */
export const VISIBLE_ROWS_MARGIN = 1;

/**
 * The rows of a terminal of `rows` rows, drawn as `layout` in `host`, that are in view (any part of
 * them), widened by `margin` rows each side. `content` is the terminal's size unscaled, as for
 * thumbnailLayout.
 */
export function visibleRows(host: Size, content: Size, layout: ThumbnailLayout, rows: number, margin = VISIBLE_ROWS_MARGIN): RowWindow {
  const rowHeight = content.height / Math.max(1, rows);
  const top = -layout.offsetY / layout.scale;
  const bottom = top + host.height / layout.scale;
  const first = Math.max(0, Math.floor(top / rowHeight) - margin);
  const last = Math.min(rows - 1, Math.ceil(bottom / rowHeight) - 1 + margin);
  return { first, last: Math.max(first, last) };
}
