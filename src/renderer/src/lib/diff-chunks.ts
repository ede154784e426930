// Cuts a parsed patch into chunks of at most CHUNK_LINES diff lines, so a huge diff (a 10 MB
// lockfile) renders only the chunks near the viewport. Small hunks are grouped; a big hunk is split
// into sub-hunks (the first keeps the `@@` header). Pure, so it is unit tested.
import type { ChangeData, HunkData } from 'react-diff-view';

/** Diff lines per chunk: small enough to render in a frame, large enough to keep chunks few. */
export const CHUNK_LINES = 50;

export type ViewType = 'unified' | 'split';

export interface DiffChunk {
  readonly key: string;
  /** Sub-hunks; one whose `content` is empty continues the hunk before it (no header row). */
  readonly hunks: HunkData[];
  /** Table rows it renders in `viewType` (headers included), for the placeholder's height. */
  readonly rows: number;
}

const isDelete = (c: ChangeData | undefined): boolean => c?.type === 'delete';
const isInsert = (c: ChangeData | undefined): boolean => c?.type === 'insert';

/** Rows of a run of changes: split view pairs a deletion with the insertion right after it. */
export function rowsOf(changes: readonly ChangeData[], viewType: ViewType): number {
  if (viewType === 'unified') return changes.length;
  let rows = 0;
  for (let i = 0; i < changes.length; i++) {
    if (isDelete(changes[i]) && isInsert(changes[i + 1])) i++;
    rows++;
  }
  return rows;
}

/** Where to cut a long run of changes: never between a deletion and the insertion it pairs with. */
function cutPoints(changes: readonly ChangeData[], size: number): number[] {
  const cuts: number[] = [];
  let start = 0;
  while (changes.length - start > size) {
    let cut = start + size;
    if (isDelete(changes[cut - 1]) && isInsert(changes[cut])) cut--;
    cuts.push(cut);
    start = cut;
  }
  return cuts;
}

function subHunks(hunk: HunkData): HunkData[] {
  if (hunk.changes.length <= CHUNK_LINES) return [hunk];
  const bounds = [0, ...cutPoints(hunk.changes, CHUNK_LINES), hunk.changes.length];
  const parts: HunkData[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const changes = hunk.changes.slice(bounds[i], bounds[i + 1]);
    parts.push({ ...hunk, content: i === 0 ? hunk.content : '', changes });
  }
  return parts;
}

export function chunkHunks(hunks: readonly HunkData[], viewType: ViewType): DiffChunk[] {
  const chunks: DiffChunk[] = [];
  let current: HunkData[] = [];
  let lines = 0;
  let rows = 0;
  const flush = (): void => {
    if (current.length === 0) return;
    chunks.push({ key: `c${chunks.length}`, hunks: current, rows });
    current = [];
    lines = 0;
    rows = 0;
  };
  for (const hunk of hunks) {
    for (const part of subHunks(hunk)) {
      if (lines + part.changes.length > CHUNK_LINES) flush();
      current.push(part);
      lines += part.changes.length;
      rows += rowsOf(part.changes, viewType) + (part.content ? 1 : 0);
    }
  }
  flush();
  return chunks;
}
