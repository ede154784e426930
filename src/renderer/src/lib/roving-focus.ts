// Arrow-key movement between the focusable items of a list or grid (cards, thread items).
import type { KeyboardEvent } from 'react';

/** Number of items in the first visual row of a grid (items sharing the first item's top edge). */
function columnsOf(items: readonly HTMLElement[]): number {
  const top = items[0]?.offsetTop;
  const n = items.filter((el) => el.offsetTop === top).length;
  return Math.max(1, n);
}

/**
 * Returns a keydown handler for the container: arrows move focus among `selector` items (Up/Down
 * move by a row in a grid), Home/End jump to the ends. Keys typed inside an item's controls are ignored.
 */
export function rovingFocusHandler(selector: string, layout: 'grid' | 'list') {
  return (event: KeyboardEvent<HTMLElement>): void => {
    const items = [...event.currentTarget.querySelectorAll<HTMLElement>(selector)];
    const current = items.indexOf(event.target as HTMLElement);
    if (current < 0) return;
    const cols = layout === 'grid' ? columnsOf(items) : 1;
    const step: Record<string, number> = {
      ArrowDown: cols,
      ArrowUp: -cols,
      ...(layout === 'grid' ? { ArrowRight: 1, ArrowLeft: -1 } : {}),
      Home: -current,
      End: items.length - 1 - current,
    };
    const delta = step[event.key];
    if (delta === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    const next = items[Math.min(items.length - 1, Math.max(0, current + delta))];
    if (!next) return;
    event.preventDefault();
    next.focus();
  };
}
