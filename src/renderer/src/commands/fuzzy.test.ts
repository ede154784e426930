import { describe, expect, it } from 'vitest';
import { filterByQuery, fuzzyScore } from './fuzzy';

const items = ['Merge run\u2026', 'Compare runs', 'Next run', 'Jump to the next run needing input', 'New thread', 'Run checks'].map((title) => ({ title, extra: '' }));
const titles = (query: string) => filterByQuery(items, query, (i) => i).map((i) => i.title);

describe('the palette filter', () => {
  it('matches letters in order, case-insensitively', () => {
    expect(fuzzyScore('mrg', 'Merge run')).not.toBeNull();
    expect(fuzzyScore('gm', 'Merge run')).toBeNull();
    expect(fuzzyScore('', 'x')).toBe(0);
  });

  it('ranks word starts and whole words first, and keeps the order of equals', () => {
    expect(titles('merge')[0]).toBe('Merge run\u2026');
    expect(titles('nr')[0]).toBe('Next run');
    expect(titles('next')).toEqual(['Next run', 'Jump to the next run needing input']);
    expect(titles('run')).toEqual(['Run checks', 'Merge run\u2026', 'Compare runs', 'Next run', 'Jump to the next run needing input']);
    expect(titles('zzz')).toEqual([]);
    expect(titles('  ')).toHaveLength(items.length);
  });

  it('needs every word of the query, in the title or the extra words', () => {
    const cmds = [{ title: 'Open diff', extra: 'review changes patch' }, { title: 'Open the trash', extra: 'archived' }];
    expect(filterByQuery(cmds, 'open review', (c) => c).map((c) => c.title)).toEqual(['Open diff']);
  });
});
