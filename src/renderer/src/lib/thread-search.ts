// The sidebar's thread search: a query is split into words, and a thread matches when every word
// appears (ignoring case) in its title, its prompt or the branch name of one of its runs. Also
// where to highlight, and which excerpt of the prompt or which branch to show when a word is not in
// the title. Pure, unit tested.

/** At most this many words of a query count; more would only make typing slower. */
const MAX_TERMS = 8;
/** Characters of prompt shown on each side of a match in the excerpt. */
const EXCERPT_RADIUS = 24;

export interface Range {
  readonly start: number;
  readonly end: number;
}

/** Some text with the ranges to highlight in it. */
export interface Marked {
  readonly text: string;
  readonly ranges: readonly Range[];
}

export interface ThreadMatch {
  readonly title: Marked;
  /** Where a word missing from the title was found: an excerpt of the prompt, or a branch; null when the title has every word. */
  readonly also: { readonly kind: 'prompt' | 'branch'; readonly marked: Marked } | null;
}

export interface Searchable {
  readonly title: string;
  readonly prompt: string;
}

/** The query's distinct words, lower case; empty for a blank query. */
export function searchTerms(query: string): string[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/**
 * Every occurrence of every term in `text`, merged where they overlap, in order. Case is folded
 * with toLowerCase; where that changes the length (a few non-ASCII letters) nothing is
 * highlighted rather than the wrong characters.
 */
export function findRanges(text: string, terms: readonly string[]): Range[] {
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return [];
  const found: Range[] = [];
  for (const term of terms) {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) found.push({ start: at, end: at + term.length });
  }
  found.sort((a, b) => a.start - b.start);
  const merged: Range[] = [];
  for (const r of found) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, r.end) };
    else merged.push(r);
  }
  return merged;
}

/** A one-line excerpt of `text` around its first occurrence of `term`, with every term marked. */
export function excerpt(text: string, term: string, terms: readonly string[]): Marked {
  const flat = text.replace(/\s+/g, ' ');
  const at = Math.max(0, flat.toLowerCase().indexOf(term));
  const from = Math.max(0, at - EXCERPT_RADIUS);
  const to = Math.min(flat.length, at + term.length + EXCERPT_RADIUS);
  const cut = `${from > 0 ? '\u2026' : ''}${flat.slice(from, to)}${to < flat.length ? '\u2026' : ''}`;
  return { text: cut, ranges: findRanges(cut, terms) };
}

/** How `thread` matches the terms, or null when some term is nowhere. No terms: everything matches, unmarked. */
export function matchThread(thread: Searchable, branches: readonly string[], terms: readonly string[]): ThreadMatch | null {
  const title = { text: thread.title, ranges: findRanges(thread.title, terms) };
  const titleLower = thread.title.toLowerCase();
  const promptLower = thread.prompt.toLowerCase();
  const branchesLower = branches.map((b) => b.toLowerCase());
  let also: ThreadMatch['also'] = null;
  for (const term of terms) {
    if (titleLower.includes(term)) continue;
    if (promptLower.includes(term)) {
      also ??= { kind: 'prompt', marked: excerpt(thread.prompt, term, terms) };
      continue;
    }
    const i = branchesLower.findIndex((b) => b.includes(term));
    if (i < 0) return null;
    const branch = branches[i] as string;
    also ??= { kind: 'branch', marked: { text: branch, ranges: findRanges(branch, terms) } };
  }
  return { title, also };
}

/** The threads that match, in their order. */
export function filterThreads<T extends Searchable>(threads: readonly T[], branchesOf: (thread: T) => readonly string[], terms: readonly string[]): T[] {
  if (terms.length === 0) return [...threads];
  return threads.filter((t) => matchThread(t, branchesOf(t), terms) !== null);
}
