// Text with the search's matches highlighted (<mark>).
import type { Marked as MarkedText } from '../../lib/thread-search';

export function Marked({ marked }: { marked: MarkedText }) {
  if (marked.ranges.length === 0) return <>{marked.text}</>;
  const parts = [];
  let at = 0;
  for (const r of marked.ranges) {
    if (r.start > at) parts.push(marked.text.slice(at, r.start));
    parts.push(
      <mark key={r.start} className="search-mark">
        {marked.text.slice(r.start, r.end)}
      </mark>,
    );
    at = r.end;
  }
  if (at < marked.text.length) parts.push(marked.text.slice(at));
  return <>{parts}</>;
}
