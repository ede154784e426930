// A headless xterm per live run: it parses everything the run prints, so a client that attaches
// receives the current screen and bounded scrollback, serialized, instead of a replay of raw output.
//
// It parses lazily. Output waits here until something reads the screen (a snapshot, for an attach or
// a saved screen), a resize, Mirror.deferMaxChars of it, or Mirror.deferMaxAgeMs. Every read parses
// what waits first, so a read always sees everything written before it. Parsing a larger piece at
// once lets the mirror skip, exactly, the part of a plain-text flood that would scroll out of the
// scrollback anyway (mirror-fast-forward.ts). What waits is bounded by deferMaxChars and is not a
// parse backlog: `pendingChars`, which flow control reads, counts only what xterm has been given and
// has not parsed yet.
import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';
import { atRest, fastForwardStart } from './mirror-fast-forward';
import { Mirror } from './terminal-constants';

export interface MirrorSnapshot {
  data: string;
  cols: number;
  rows: number;
}

export interface TerminalMirrorOptions {
  /** Called with the number of characters xterm has just parsed: flow control may resume. */
  onParsed?: (chars: number) => void;
  /** Lines of scrollback. Default Mirror.scrollbackLines. */
  scrollback?: number;
  /** Characters held unparsed before they are parsed without waiting for a read. Default Mirror.deferMaxChars. */
  deferMaxChars?: number;
  /** Milliseconds output may wait unparsed. Default Mirror.deferMaxAgeMs. */
  deferMaxAgeMs?: number;
}

export class TerminalMirror {
  private readonly term: headless.Terminal;
  private readonly serializer = new serialize.SerializeAddon();
  private readonly scrollback: number;
  private readonly deferMaxChars: number;
  private readonly deferMaxAgeMs: number;
  private readonly onParsed: (chars: number) => void;
  /** Output not handed to xterm yet, in order. */
  private waiting: string[] = [];
  private waitingChars = 0;
  private waitTimer: NodeJS.Timeout | null = null;
  /** Characters handed to xterm and not parsed yet: the mirror's share of flow control. */
  private pending = 0;
  /** xterm writes (output, resize and snapshot markers) whose callback has not run yet. */
  private queuedWrites = 0;
  private skipped = 0;
  private disposed = false;

  constructor(cols: number, rows: number, options: TerminalMirrorOptions = {}) {
    this.scrollback = options.scrollback ?? Mirror.scrollbackLines;
    this.deferMaxChars = options.deferMaxChars ?? Mirror.deferMaxChars;
    this.deferMaxAgeMs = options.deferMaxAgeMs ?? Mirror.deferMaxAgeMs;
    this.onParsed = options.onParsed ?? (() => {});
    this.term = new headless.Terminal({ cols, rows, scrollback: this.scrollback, allowProposedApi: true });
    this.term.loadAddon(this.serializer);
  }

  get pendingChars(): number {
    return this.pending;
  }

  /** Characters never parsed because they would have scrolled out anyway (for tests and benches). */
  get skippedChars(): number {
    return this.skipped;
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  write(data: string): void {
    if (this.disposed || data.length === 0) return;
    this.waiting.push(data);
    this.waitingChars += data.length;
    // Full: parse now, but if xterm is still busy with the previous piece, let it finish first (up to
    // twice the limit), since only a mirror at rest can skip (the drain in parseWaiting comes back here).
    if (this.waitingChars >= this.deferMaxChars) {
      if (this.queuedWrites === 0 || this.waitingChars >= 2 * this.deferMaxChars) this.parseWaiting();
    } else if (this.waitTimer === null) {
      this.waitTimer = setTimeout(() => this.parseWaiting(), this.deferMaxAgeMs);
      this.waitTimer.unref();
    }
  }

  /** Resizes in order with the output: data written before the resize is parsed at the old size. */
  resize(cols: number, rows: number): void {
    if (this.disposed) return;
    this.parseWaiting();
    this.afterQueued(() => {
      if (!this.disposed) this.term.resize(cols, rows);
    });
  }

  /**
   * The screen after everything written so far, and nothing written later: the serialization runs in
   * the write callback of a marker queued behind the earlier writes, before any later chunk is parsed.
   */
  snapshot(): Promise<MirrorSnapshot> {
    return new Promise((resolve) => {
      if (this.disposed) {
        resolve({ data: '', cols: this.term.cols, rows: this.term.rows });
        return;
      }
      this.parseWaiting();
      this.afterQueued(() => {
        resolve({ data: this.serializer.serialize({ scrollback: this.scrollback }), cols: this.term.cols, rows: this.term.rows });
      });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearWaiting();
    this.term.dispose();
  }

  /** Hands what waits to xterm, minus the part a plain-text flood lets it skip when xterm is at rest. */
  private parseWaiting(): void {
    if (this.waitingChars === 0 || this.disposed) return;
    let chunks = this.waiting;
    this.clearWaiting();
    if (this.queuedWrites === 0 && atRest(this.term)) {
      const start = fastForwardStart(chunks, { rows: this.term.rows, scrollback: this.scrollback });
      for (let i = 0; i < start.chunk; i++) this.skipped += (chunks[i] as string).length;
      this.skipped += start.offset;
      chunks = chunks.slice(start.chunk);
      if (start.offset > 0) chunks[0] = (chunks[0] as string).slice(start.offset);
    }
    const data = chunks.length === 1 ? (chunks[0] as string) : chunks.join('');
    const chars = data.length;
    this.pending += chars;
    this.queuedWrites += 1;
    // In slices: xterm keeps a parse buffer as large as the largest write (4 bytes a character, up to
    // 512 KB), for the terminal's whole life.
    const slice = Mirror.writeSliceChars;
    const lastStart = Math.floor((chars - 1) / slice) * slice;
    for (let at = 0; at < lastStart; at += slice) this.term.write(data.slice(at, at + slice));
    this.term.write(data.slice(lastStart), () => {
      this.pending -= chars;
      this.onParsed(chars);
      this.writeDone();
    });
  }

  /** Runs `fn` once xterm has parsed everything handed to it before this call. */
  private afterQueued(fn: () => void): void {
    this.queuedWrites += 1;
    this.term.write('', () => {
      fn();
      this.writeDone();
    });
  }

  /** A queued write finished: if it was the last and a full load waits (write() held it back), parse it now. */
  private writeDone(): void {
    this.queuedWrites -= 1;
    if (this.queuedWrites === 0 && this.waitingChars >= this.deferMaxChars) this.parseWaiting();
  }

  private clearWaiting(): void {
    this.waiting = [];
    this.waitingChars = 0;
    if (this.waitTimer !== null) clearTimeout(this.waitTimer);
    this.waitTimer = null;
  }
}
