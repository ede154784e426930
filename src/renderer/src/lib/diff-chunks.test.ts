import { describe, expect, it } from 'vitest';
import type { ChangeData, HunkData } from 'react-diff-view';
import { CHUNK_LINES, chunkHunks, rowsOf } from './diff-chunks';

const ins = (n: number): ChangeData => ({ type: 'insert', isInsert: true, lineNumber: n, content: `+${n}` });
const del = (n: number): ChangeData => ({ type: 'delete', isDelete: true, lineNumber: n, content: `-${n}` });
const ctx = (n: number): ChangeData => ({ type: 'normal', isNormal: true, oldLineNumber: n, newLineNumber: n, content: ` ${n}` });

function hunk(changes: ChangeData[], start = 1): HunkData {
  return { content: `@@ -${start} +${start} @@`, oldStart: start, newStart: start, oldLines: changes.length, newLines: changes.length, changes };
}

describe('diff chunks', () => {
  it('counts split rows by pairing a deletion with the insertion after it', () => {
    const changes = [ctx(1), del(2), ins(2), del(3), ctx(4), ins(5)];
    expect(rowsOf(changes, 'unified')).toBe(6);
    expect(rowsOf(changes, 'split')).toBe(5);
  });

  it('groups small hunks into one chunk', () => {
    const chunks = chunkHunks([hunk([ctx(1), ins(2)]), hunk([ctx(50), del(51)], 50)], 'unified');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.hunks).toHaveLength(2);
    expect(chunks[0]?.rows).toBe(4 + 2); // 4 lines and 2 headers
  });

  it('splits a huge hunk (a 10 MB lockfile) into bounded chunks, keeping every line once and the header on the first', () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => ins(i + 1));
    const chunks = chunkHunks([hunk(lines)], 'unified');
    expect(chunks.length).toBe(Math.ceil(200_000 / CHUNK_LINES));
    expect(chunks.every((c) => c.hunks.reduce((n, h) => n + h.changes.length, 0) <= CHUNK_LINES)).toBe(true);
    expect(chunks.flatMap((c) => c.hunks.flatMap((h) => h.changes))).toHaveLength(200_000);
    expect(chunks.filter((c) => c.hunks.some((h) => h.content !== ''))).toHaveLength(1);
  });

  it('never cuts between a deletion and the insertion it pairs with', () => {
    const changes: ChangeData[] = [];
    for (let i = 0; i < CHUNK_LINES - 1; i++) changes.push(ctx(i + 1));
    changes.push(del(CHUNK_LINES), ins(CHUNK_LINES), ctx(CHUNK_LINES + 1));
    const chunks = chunkHunks([hunk(changes)], 'split');
    const first = chunks[0]?.hunks[0]?.changes ?? [];
    expect(first[first.length - 1]?.type).toBe('normal');
    expect(chunks[1]?.hunks[0]?.changes.map((c) => c.type)).toEqual(['delete', 'insert', 'normal']);
  });
});
