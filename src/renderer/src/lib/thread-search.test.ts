import { describe, expect, it } from 'vitest';
import { excerpt, filterThreads, findRanges, matchThread, searchTerms } from './thread-search';

const fixBug = { title: 'Fix the login bug', prompt: 'Fix the login bug\n\nThe session cookie expires too early on Safari.' };
const docs = { title: 'Write docs', prompt: 'Write docs for the CLI' };
const branchesOf = (t: { title: string }): string[] => (t === fixBug ? ['switchyard/1a2b3c4d-fix-the-login-bug'] : ['switchyard/9f8e7d6c-write-docs']);

describe('thread search', () => {
  it('splits a query into distinct lower-case words', () => {
    expect(searchTerms('  Login   BUG login ')).toEqual(['login', 'bug']);
    expect(searchTerms('   ')).toEqual([]);
    expect(searchTerms('a b c d e f g h i j')).toHaveLength(8);
  });

  it('marks every occurrence, merging overlaps, ignoring case', () => {
    expect(findRanges('Fix the login bug', ['login', 'bug'])).toEqual([{ start: 8, end: 13 }, { start: 14, end: 17 }]);
    expect(findRanges('aaaa', ['aa', 'aaa'])).toEqual([{ start: 0, end: 4 }]);
    expect(findRanges('nothing here', ['x'])).toEqual([]);
    // Case folding that changes the length marks nothing instead of the wrong letters.
    expect(findRanges('\u0130stanbul', ['stan'])).toEqual([]);
  });

  it('matches when every word is in the title, the prompt or a branch, and says where', () => {
    expect(matchThread(fixBug, [], searchTerms('LOGIN bug'))).toEqual({
      title: { text: 'Fix the login bug', ranges: [{ start: 8, end: 13 }, { start: 14, end: 17 }] },
      also: null,
    });
    const cookie = matchThread(fixBug, [], searchTerms('login cookie'));
    expect(cookie?.also?.kind).toBe('prompt');
    expect(cookie?.title.ranges).toEqual([{ start: 8, end: 13 }]);
    expect(cookie?.also?.marked.text).toBe('\u2026e login bug The session cookie expires too early on Sa\u2026');
    const byId = matchThread(fixBug, branchesOf(fixBug), searchTerms('1a2b3c4d'));
    expect(byId?.also).toEqual({ kind: 'branch', marked: { text: 'switchyard/1a2b3c4d-fix-the-login-bug', ranges: [{ start: 11, end: 19 }] } });
    expect(matchThread(fixBug, branchesOf(fixBug), searchTerms('login docs'))).toBeNull();
    expect(matchThread(fixBug, [], [])).toEqual({ title: { text: fixBug.title, ranges: [] }, also: null });
  });

  it('cuts an excerpt around the first match on one line', () => {
    expect(excerpt('short\nprompt', 'prompt', ['prompt'])).toEqual({ text: 'short prompt', ranges: [{ start: 6, end: 12 }] });
  });

  it('filters a list, keeping its order', () => {
    expect(filterThreads([fixBug, docs], branchesOf, searchTerms('the'))).toEqual([fixBug, docs]);
    expect(filterThreads([fixBug, docs], branchesOf, searchTerms('9f8e'))).toEqual([docs]);
    expect(filterThreads([fixBug, docs], branchesOf, searchTerms('nowhere'))).toEqual([]);
    expect(filterThreads([fixBug, docs], branchesOf, [])).toEqual([fixBug, docs]);
  });
});
