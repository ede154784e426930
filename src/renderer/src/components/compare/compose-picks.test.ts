import { describe, expect, it } from 'vitest';
import type { CompareMatrix } from '../../../../shared/contract';
import { composeRequestPicks, NO_PICKS, pickAllFrom, pickFile, prunePicks, setHunks, splitHunks, summarize } from './compose-picks';

const cell = (extra: Partial<NonNullable<CompareMatrix['files'][number]['cells'][string]>> = {}) => ({
  status: 'modified' as const, added: 1, removed: 1, binary: false, untracked: false, variant: 1, ...extra,
});

const files: CompareMatrix['files'] = [
  { path: 'greeting.txt', cells: { r1: cell(), r2: cell({ variant: 2 }) }, touchedBy: 2, agreement: 'differ' },
  { path: 'ok.txt', cells: { r1: cell({ status: 'added' }), r2: null }, touchedBy: 1, agreement: 'single' },
  { path: 'src/new-name.ts', cells: { r1: null, r2: cell({ status: 'renamed', oldPath: 'src/old-name.ts' }) }, touchedBy: 1, agreement: 'single' },
];

describe('compose picks', () => {
  it('takes one run per file, and none keeps the base', () => {
    let picks = pickFile(NO_PICKS, 'greeting.txt', 'r1');
    picks = pickFile(picks, 'greeting.txt', 'r2');
    picks = pickFile(picks, 'ok.txt', 'r1');
    expect(picks).toEqual({ 'greeting.txt': { runId: 'r2', hunks: null }, 'ok.txt': { runId: 'r1', hunks: null } });
    picks = pickFile(picks, 'ok.txt', null);
    expect(Object.keys(picks)).toEqual(['greeting.txt']);
    expect(pickFile(picks, 'ok.txt', null)).toBe(picks);
    expect(pickFile(picks, 'greeting.txt', 'r2')).toBe(picks);
  });

  it('builds the request in matrix order; a rename also removes its old path', () => {
    const picks = pickAllFrom(pickFile(NO_PICKS, 'ok.txt', 'r1'), files, 'r2');
    expect(composeRequestPicks(picks, files.map((f) => f.path))).toEqual([
      { path: 'greeting.txt', fromRunId: 'r2' },
      { path: 'ok.txt', fromRunId: 'r1' },
      { path: 'src/new-name.ts', fromRunId: 'r2' },
      { path: 'src/old-name.ts', fromRunId: 'r2' },
    ]);
  });

  it('picks hunks: sorted indexes, none chosen leaves the file out, null is the whole file again', () => {
    let picks = pickFile(NO_PICKS, 'greeting.txt', 'r2');
    picks = setHunks(picks, 'greeting.txt', [2, 0, 2]);
    expect(composeRequestPicks(picks, ['greeting.txt'])).toEqual([{ path: 'greeting.txt', fromRunId: 'r2', hunks: [0, 2] }]);
    expect(summarize(picks, ['r1', 'r2'])).toEqual({ files: 1, partial: 1, emptyHunkChoices: [], byRun: [{ runId: 'r2', files: 1 }] });
    picks = setHunks(picks, 'greeting.txt', []);
    expect(composeRequestPicks(picks, ['greeting.txt'])).toEqual([]);
    expect(summarize(picks, ['r1', 'r2'])).toMatchObject({ files: 0, emptyHunkChoices: ['greeting.txt'] });
    picks = setHunks(picks, 'greeting.txt', null);
    expect(composeRequestPicks(picks, ['greeting.txt'])).toEqual([{ path: 'greeting.txt', fromRunId: 'r2' }]);
    // Choosing another run starts again from its whole file.
    expect(pickFile(setHunks(picks, 'greeting.txt', [1]), 'greeting.txt', 'r1')['greeting.txt']).toEqual({ runId: 'r1', hunks: null });
  });

  it('drops picks of files or runs that left the matrix', () => {
    const picks = pickFile(pickFile(NO_PICKS, 'ok.txt', 'r1'), 'gone.txt', 'r1');
    expect(prunePicks(picks, files)).toEqual({ 'ok.txt': { runId: 'r1', hunks: null } });
    const kept = pickFile(NO_PICKS, 'ok.txt', 'r1');
    expect(prunePicks(kept, files)).toBe(kept);
  });

  it('splits a patch into hunks numbered from 0', () => {
    const patch = [
      'diff --git a/long.txt b/long.txt',
      'index 1111111..2222222 100644',
      '--- a/long.txt',
      '+++ b/long.txt',
      '@@ -1,3 +1,3 @@',
      ' line 1',
      '-line 2',
      '+LINE 2',
      ' line 3',
      '@@ -20,2 +20,3 @@ function f() {',
      ' line 20',
      '+added',
      ' line 21',
      '',
    ].join('\n');
    const hunks = splitHunks(patch);
    expect(hunks.map((h) => [h.index, h.header, h.added, h.removed, h.lines.length])).toEqual([
      [0, '@@ -1,3 +1,3 @@', 1, 1, 4],
      [1, '@@ -20,2 +20,3 @@ function f() {', 1, 0, 3],
    ]);
  });
});
