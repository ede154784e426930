// An exact shortcut for the headless mirror (terminal-mirror.ts): how much of a run of output it may
// skip without changing what it ends up holding. A terminal keeps only its screen and a bounded
// scrollback, so when a flood of plain text pushes more lines through it than it can hold, the lines
// that scroll out again leave no trace, and parsing them is wasted work. Parsing was most of the
// core's CPU under a burst (bench/terminals burst: ~15 of ~30 CPU-ms per MB).
//
// Why skipping is exact. Suppose the parser is in its ground state (not inside an escape sequence or
// a string) with a full-screen scroll region, and the skipped text holds only printable characters,
// CR, LF and TAB. Then the skipped text changes nothing but cells and the cursor: no attribute, mode,
// charset, tab stop, title or parser state. Parsing resumes at a CR, which puts the cursor at column 0
// either way. From there both parses see the same input, so they differ only in rows that existed
// before. Each LF moves the cursor down one row, or scrolls when it is at the bottom. So after
// rows - 1 LFs both cursors are on the last row, every later LF brings in a fresh blank row, and
// after another scrollback + rows LFs every row still held was written identically: scrollback +
// 2 x rows - 1 LFs in all. The guard below asks for scrollback + 2 x rows + 1, a margin of two.
//
// Whether the parser is at rest is read from xterm's internals (pinned @xterm/headless 6.0.0):
// parser state, the string decoder's pending half character, and the scroll region. If those fields
// are missing, `atRest` says no, and the mirror parses everything as before. So an xterm upgrade can
// only make the mirror slower, never wrong; mirror-fast-forward.test.ts fails if that happens.
import type headless from '@xterm/headless';

/** Characters that could do more than print or move the cursor: C0 controls other than TAB, LF and CR, then DEL and the C1 range. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_PLAIN_TEXT = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]/;

export interface MirrorGeometry {
  readonly rows: number;
  readonly scrollback: number;
}

/** The fields of xterm's core the check reads, all optional: any missing one means "not at rest". */
interface XtermCore {
  _inputHandler?: {
    _parser?: { currentState?: unknown };
    _stringDecoder?: { _interim?: unknown };
  };
  _bufferService?: { rows?: unknown; buffer?: { scrollTop?: unknown; scrollBottom?: unknown } };
}

/** xterm's EscapeSequenceParser ParserState.GROUND. */
const PARSER_GROUND = 0;

/**
 * True when `term` has parsed all it was given and is in a state plain text cannot change beyond cells
 * and cursor: parser in the ground state, no half surrogate pair pending, scroll region = whole screen.
 * Call it only when no write is queued in the terminal.
 */
export function atRest(term: headless.Terminal): boolean {
  const core = (term as unknown as { _core?: XtermCore })._core;
  const input = core?._inputHandler;
  const buffer = core?._bufferService?.buffer;
  const rows = core?._bufferService?.rows;
  return (
    input?._parser?.currentState === PARSER_GROUND &&
    input._stringDecoder?._interim === 0 &&
    typeof rows === 'number' &&
    buffer?.scrollTop === 0 &&
    buffer.scrollBottom === rows - 1
  );
}

/** LFs the parsed tail must hold after its first CR for the skip to be exact (see the header). */
export function lineFeedsNeeded(geometry: MirrorGeometry): number {
  return geometry.scrollback + 2 * geometry.rows + 1;
}

/** A position in a list of chunks: chunk index and offset inside it. */
export interface ChunkPosition {
  readonly chunk: number;
  readonly offset: number;
}

/**
 * Where parsing `chunks` (consecutive pieces of output) may start, for a terminal at rest (`atRest`):
 * { chunk: 0, offset: 0 } (parse it all), or the position of a CR inside the plain-text stretch that
 * opens them, with enough LFs after it, in that stretch, to push every skipped row out of the terminal.
 * Only the opening stretch is considered: the parser's state further on is not known without parsing up
 * to there. Works on the pieces as they are, so a long wait is never copied into one string.
 */
export function fastForwardStart(chunks: readonly string[], geometry: MirrorGeometry): ChunkPosition {
  const none = { chunk: 0, offset: 0 };
  // The opening stretch ends in chunk `last` at offset `end`.
  let last = 0;
  let end = 0;
  for (; last < chunks.length; last++) {
    const stop = (chunks[last] as string).search(NOT_PLAIN_TEXT);
    end = stop < 0 ? (chunks[last] as string).length : stop;
    if (stop >= 0) break;
  }
  if (last === chunks.length) {
    last -= 1;
    if (last < 0) return none;
  }
  // Walk back over the LFs needed, then to the CR before the last of them.
  let needed = lineFeedsNeeded(geometry);
  let chunk = last;
  let at = end;
  for (; chunk >= 0; chunk--, at = chunk >= 0 ? (chunks[chunk] as string).length : 0) {
    const text = chunks[chunk] as string;
    while (needed > 0 && at > 0) {
      at = text.lastIndexOf('\n', at - 1);
      if (at < 0) break;
      needed -= 1;
    }
    if (needed === 0) break;
  }
  if (chunk < 0) return none;
  for (; chunk >= 0; chunk--, at = chunk >= 0 ? (chunks[chunk] as string).length : 0) {
    const cr = at > 0 ? (chunks[chunk] as string).lastIndexOf('\r', at - 1) : -1;
    if (cr >= 0) return chunk === 0 && cr === 0 ? none : { chunk, offset: cr };
  }
  return none;
}
