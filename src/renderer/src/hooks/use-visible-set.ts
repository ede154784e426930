// Which items of a long scrolling list are on (or near) screen, with one IntersectionObserver for
// all of them, rooted at the scroll container so the margin prefetches ahead of the scroll. Items
// carry `data-index`; an item leaving the window leaves its last rendered height behind, so its
// placeholder keeps the same size.
import { startTransition, useCallback, useEffect, useRef, useState, type RefObject } from 'react';

/** How far beyond the visible area items are rendered, so fast scrolling rarely shows a blank. */
const PREFETCH_MARGIN = '1500px 0px';

export interface VisibleSet {
  readonly visible: ReadonlySet<number>;
  /** Measured heights of items that were rendered and then left the window. */
  readonly heights: ReadonlyMap<number, number>;
  /** Callback ref for each item. */
  readonly observe: (el: HTMLElement | null) => (() => void) | undefined;
}

interface State {
  readonly visible: ReadonlySet<number>;
  readonly heights: ReadonlyMap<number, number>;
}

/** `initial`: items shown before the observer first reports, so the first paint is not blank. */
export function useVisibleSet(rootRef: RefObject<HTMLElement | null>, initial = 0): VisibleSet {
  const [state, setState] = useState<State>(() => ({ visible: new Set(Array.from({ length: initial }, (_, i) => i)), heights: new Map() }));
  const observerRef = useRef<IntersectionObserver | null>(null);
  const elements = useRef(new Set<HTMLElement>());

  useEffect(() => {
    // A transition: rendering newly visible items yields to the browser, so scrolling never waits for it.
    const observer = new IntersectionObserver(
      (entries) =>
        startTransition(() =>
          setState((prev) => {
          const visible = new Set(prev.visible);
          const heights = new Map(prev.heights);
          for (const entry of entries) {
            const index = Number((entry.target as HTMLElement).dataset.index);
            if (entry.isIntersecting) visible.add(index);
            else if (visible.delete(index)) heights.set(index, entry.boundingClientRect.height);
          }
          return { visible, heights };
        })),
      { root: rootRef.current, rootMargin: PREFETCH_MARGIN },
    );
    observerRef.current = observer;
    for (const el of elements.current) observer.observe(el);
    return () => {
      observer.disconnect();
      observerRef.current = null;
    };
  }, [rootRef]);

  const observe = useCallback((el: HTMLElement | null) => {
    if (!el) return undefined;
    elements.current.add(el);
    observerRef.current?.observe(el);
    return () => {
      elements.current.delete(el);
      observerRef.current?.unobserve(el);
    };
  }, []);

  return { visible: state.visible, heights: state.heights, observe };
}
