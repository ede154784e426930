// Hunk selection for composing: splits a one-file unified diff into its header and hunks, and
// rebuilds a patch holding only chosen hunks, with the new-side line numbers of later hunks shifted
// for the hunks left out, so `git apply` reads it as a consistent patch. Pure text functions.
import { AppError } from '../../shared/errors';

export interface ParsedPatch {
  /** Lines before the first hunk: `diff --git`, modes, `index`, `---`, `+++`. */
  header: string[];
  hunks: Hunk[];
}

export interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** Text after the second `@@` (the function context git prints), kept as is. */
  section: string;
  /** The hunk's body lines (` `, `-`, `+`, `\ No newline…`), without the `@@` line. */
  body: string[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;

/** Parses a patch of exactly one file (one `diff --git` section). Throws INVALID_INPUT otherwise. */
export function parsePatch(patch: string, what: string): ParsedPatch {
  const lines = patch.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.filter((l) => l.startsWith('diff --git ')).length !== 1) {
    throw new AppError('INVALID_INPUT', `The changes to ${what} cannot be split into hunks; pick the whole file instead.`);
  }
  const header: string[] = [];
  const hunks: Hunk[] = [];
  for (const line of lines) {
    const m = HUNK_HEADER.exec(line);
    if (m) {
      hunks.push({
        oldStart: Number(m[1]), oldCount: m[2] === undefined ? 1 : Number(m[2]),
        newStart: Number(m[3]), newCount: m[4] === undefined ? 1 : Number(m[4]),
        section: m[5] ?? '', body: [],
      });
    } else if (hunks.length === 0) {
      header.push(line);
    } else {
      hunks[hunks.length - 1]?.body.push(line);
    }
  }
  return { header, hunks };
}

/**
 * A patch of `parsed` with only the hunks at `indexes` (0-based, as the review shows them).
 * Throws INVALID_INPUT for an empty choice or an index that does not exist.
 */
export function selectHunks(parsed: ParsedPatch, indexes: readonly number[], what: string): string {
  const chosen = new Set(indexes);
  if (chosen.size === 0) throw new AppError('INVALID_INPUT', `Choose at least one hunk of ${what}.`);
  for (const i of chosen) {
    if (!Number.isInteger(i) || i < 0 || i >= parsed.hunks.length) {
      throw new AppError('INVALID_INPUT', `${what} has ${parsed.hunks.length} hunk${parsed.hunks.length === 1 ? '' : 's'}; there is no hunk ${i + 1}.`);
    }
  }
  const out = [...parsed.header];
  // Leaving a hunk out moves every later hunk's new-side start by that hunk's growth.
  let shift = 0;
  parsed.hunks.forEach((h, i) => {
    if (!chosen.has(i)) {
      shift += h.newCount - h.oldCount;
      return;
    }
    const newStart = h.newCount === 0 ? h.newStart - shift : Math.max(1, h.newStart - shift);
    out.push(`@@ -${range(h.oldStart, h.oldCount)} +${range(newStart, h.newCount)} @@${h.section}`, ...h.body);
  });
  return `${out.join('\n')}\n`;
}

function range(start: number, count: number): string {
  return count === 1 ? String(start) : `${start},${count}`;
}
