// Card thumbnails render the terminal at the PTY's real size, so a full-screen TUI keeps its layout
// instead of wrapping at the card's width, then scale it down, but never below a readable size:
// when the whole screen does not fit, the card shows the part around the cursor (the latest output).

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
