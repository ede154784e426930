// The palette's filter: each word of the query must match a command's title (or, worth less, its
// category and keywords) as letters in order; contiguous runs, word starts and whole substrings
// score higher. Pure.

/**
 * Points for a matched letter, a letter at a word start, one right after the previous match, the
 * query found whole, found at the very start; and how much more the title counts than the rest.
 */
const SCORE = { letter: 1, wordStart: 4, contiguous: 3, substring: 8, prefix: 2, titleWeight: 2 } as const;

const isWordStart = (text: string, i: number): boolean => i === 0 || !/[a-z0-9]/i.test(text[i - 1] ?? '');

/** Whether the letters of `rest` appear in order in `text` from `from` on. */
function fits(rest: string, text: string, from: number): boolean {
  let at = from;
  for (const ch of rest) {
    at = text.indexOf(ch, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}

/** How well `word` matches `text` as letters in order (case-insensitive), or null when it does not. */
export function fuzzyScore(word: string, text: string): number | null {
  const w = word.toLowerCase();
  const t = text.toLowerCase();
  if (w.length === 0) return 0;
  let score = 0;
  let from = 0;
  let last = -2;
  for (let k = 0; k < w.length; k++) {
    const ch = w[k] ?? '';
    const rest = w.slice(k + 1);
    // Prefer the next occurrence right after the last match or at a word start, if the rest still fits after it.
    let at = -1;
    for (let i = t.indexOf(ch, from); i >= 0; i = t.indexOf(ch, i + 1)) {
      if (at < 0) at = i;
      if (!fits(rest, t, i + 1)) break;
      if (i === last + 1 || isWordStart(t, i)) {
        at = i;
        break;
      }
    }
    if (at < 0) return null;
    score += SCORE.letter + (isWordStart(t, at) ? SCORE.wordStart : 0) + (at === last + 1 ? SCORE.contiguous : 0);
    last = at;
    from = at + 1;
  }
  const sub = t.indexOf(w);
  if (sub >= 0) score += SCORE.substring + (isWordStart(t, sub) ? SCORE.wordStart : 0) + (sub === 0 ? SCORE.prefix : 0);
  return score;
}

export interface Searchable {
  readonly title: string;
  /** Category, keywords, and anything else worth matching less. */
  readonly extra: string;
}

/** The score of a whole query (words separated by spaces) for one item, or null when a word does not match. */
export function queryScore(query: string, item: Searchable): number | null {
  let total = 0;
  for (const word of query.trim().split(/\s+/).filter(Boolean)) {
    const inTitle = fuzzyScore(word, item.title);
    const inExtra = fuzzyScore(word, item.extra);
    if (inTitle === null && inExtra === null) return null;
    total += Math.max(inTitle === null ? 0 : inTitle * SCORE.titleWeight, inExtra ?? 0);
  }
  return total;
}

/** The items matching `query`, best first (ties keep their order); all of them for an empty query. */
export function filterByQuery<T>(items: readonly T[], query: string, searchable: (item: T) => Searchable): T[] {
  if (query.trim() === '') return [...items];
  return items
    .map((item, order) => ({ item, order, score: queryScore(query, searchable(item)) }))
    .filter((x): x is { item: T; order: number; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((x) => x.item);
}
