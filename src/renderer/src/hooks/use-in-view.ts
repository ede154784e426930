// Whether an element is on (or near) the screen, so off-screen cards can drop their terminals.
import { useEffect, useState, type RefObject } from 'react';

/** Extra margin around the viewport, so a terminal is ready just before its card scrolls in. */
const ROOT_MARGIN = '300px 0px';

export function useInView(ref: RefObject<Element | null>, enabled = true): boolean {
  const [inView, setInView] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!enabled || !el) return;
    const observer = new IntersectionObserver(
      (entries) => {
        const last = entries[entries.length - 1];
        if (last) setInView(last.isIntersecting);
      },
      { rootMargin: ROOT_MARGIN },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, enabled]);
  return enabled ? inView : true;
}
