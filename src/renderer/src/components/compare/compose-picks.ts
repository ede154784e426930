// The picks of "Compose…": for each file of the compare matrix, the run whose version to take (or
// none: the base stays), and optionally only some hunks of that run's patch. Pure functions, so the
// rules (one source per file, a rename takes its old path along, an empty hunk choice keeps the
// base) are unit tested; the panel and the matrix only render them.
import type { CompareMatrix } from '../../../../shared/contract';

export interface FilePick {
  readonly runId: string;
  /** The run renamed the file from here: taking the whole file also removes the old path. */
  readonly oldPath?: string;
  /** null: the whole file; else the hunks to take, 0-based in the order review.filePatch shows them. */
  readonly hunks: readonly number[] | null;
}

/** Path → pick. A path with no entry keeps the base's version. */
export type ComposePicks = Readonly<Record<string, FilePick>>;

export const NO_PICKS: ComposePicks = {};

export interface ComposeRequestPick {
  path: string;
  fromRunId: string;
  hunks?: number[];
}

type MatrixFile = CompareMatrix['files'][number];

/** Takes `path` from `runId` (null: keep the base). Choosing another run starts again from the whole file. */
export function pickFile(picks: ComposePicks, path: string, runId: string | null, oldPath?: string): ComposePicks {
  if (runId === null) {
    if (!(path in picks)) return picks;
    const { [path]: _removed, ...rest } = picks;
    return rest;
  }
  if (picks[path]?.runId === runId) return picks;
  return { ...picks, [path]: oldPath ? { runId, oldPath, hunks: null } : { runId, hunks: null } };
}

/** Every file `runId` touched, taken whole from it (the other files keep their picks). */
export function pickAllFrom(picks: ComposePicks, files: readonly MatrixFile[], runId: string): ComposePicks {
  let next = picks;
  for (const row of files) {
    const cell = row.cells[runId];
    if (cell) next = pickFile(next, row.path, runId, cell.oldPath);
  }
  return next;
}

/** Only these hunks of the picked file (null: the whole file again). Sorted, without repeats. */
export function setHunks(picks: ComposePicks, path: string, hunks: readonly number[] | null): ComposePicks {
  const pick = picks[path];
  if (!pick) return picks;
  return { ...picks, [path]: { ...pick, hunks: hunks === null ? null : [...new Set(hunks)].sort((a, b) => a - b) } };
}

/** Drops picks whose file or run left the matrix (a run unpicked from the comparison, a refresh). */
export function prunePicks(picks: ComposePicks, files: readonly MatrixFile[]): ComposePicks {
  const rows = new Map(files.map((f) => [f.path, f]));
  let changed = false;
  const next: Record<string, FilePick> = {};
  for (const [path, pick] of Object.entries(picks)) {
    if (rows.get(path)?.cells[pick.runId]) next[path] = pick;
    else changed = true;
  }
  return changed ? next : picks;
}

/**
 * The `picks` of threads.compose, in the matrix's file order: a whole file as is (a renamed one
 * also takes its old path from the same run, where it no longer exists, so it is removed); a hunk
 * choice as its indexes; a file with no hunk chosen is left out (it keeps the base).
 */
export function composeRequestPicks(picks: ComposePicks, order: readonly string[]): ComposeRequestPick[] {
  const paths = [...order.filter((p) => p in picks), ...Object.keys(picks).filter((p) => !order.includes(p)).sort()];
  const out: ComposeRequestPick[] = [];
  const taken = new Set(paths);
  for (const path of paths) {
    const pick = picks[path]!;
    if (pick.hunks === null) {
      out.push({ path, fromRunId: pick.runId });
      if (pick.oldPath && !taken.has(pick.oldPath)) {
        out.push({ path: pick.oldPath, fromRunId: pick.runId });
        taken.add(pick.oldPath);
      }
    } else if (pick.hunks.length > 0) {
      out.push({ path, fromRunId: pick.runId, hunks: [...pick.hunks] });
    }
  }
  return out;
}

export interface ComposeSummary {
  /** Files the new run will change. */
  readonly files: number;
  /** Of those, files taken only partly (some hunks). */
  readonly partial: number;
  /** Files picked with no hunk chosen: they keep the base. */
  readonly emptyHunkChoices: readonly string[];
  /** Files per source run, in the order of `runIds`. */
  readonly byRun: readonly { readonly runId: string; readonly files: number }[];
}

export function summarize(picks: ComposePicks, runIds: readonly string[]): ComposeSummary {
  const counts = new Map<string, number>();
  let files = 0;
  let partial = 0;
  const empty: string[] = [];
  for (const [path, pick] of Object.entries(picks)) {
    if (pick.hunks !== null && pick.hunks.length === 0) {
      empty.push(path);
      continue;
    }
    files++;
    if (pick.hunks !== null) partial++;
    counts.set(pick.runId, (counts.get(pick.runId) ?? 0) + 1);
  }
  return {
    files,
    partial,
    emptyHunkChoices: empty.sort(),
    byRun: runIds.filter((id) => counts.has(id)).map((runId) => ({ runId, files: counts.get(runId)! })),
  };
}

export interface HunkInfo {
  readonly index: number;
  /** The `@@ -a,b +c,d @@ context` line. */
  readonly header: string;
  readonly added: number;
  readonly removed: number;
  /** The hunk's lines (` `, `-`, `+`), for a preview. */
  readonly lines: readonly string[];
}

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;

/** The hunks of a one-file unified patch, numbered from 0 as the core numbers them for compose. */
export function splitHunks(patch: string): HunkInfo[] {
  const hunks: { header: string; lines: string[] }[] = [];
  for (const line of patch.split('\n')) {
    if (HUNK_HEADER.test(line)) hunks.push({ header: line, lines: [] });
    else if (hunks.length > 0 && line !== '') hunks[hunks.length - 1]!.lines.push(line);
  }
  return hunks.map((h, index) => ({
    index,
    header: h.header,
    added: h.lines.filter((l) => l.startsWith('+')).length,
    removed: h.lines.filter((l) => l.startsWith('-')).length,
    lines: h.lines,
  }));
}
