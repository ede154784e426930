// A headless xterm per live run: it parses everything the run prints, so a client that attaches
// receives the current screen and bounded scrollback, serialized, instead of a replay of raw output.
//
// It parses lazily. Output waits here until something reads the screen (a snapshot, for an attach or
// a saved screen), a resize, Mirror.deferMaxChars of it, or Mirror.deferMaxAgeMs. Every read parses
// what waits first, so a read always sees everything written before it. Parsing a larger piece at
// once lets the mirror skip, exactly, the part of a plain-text flood that would scroll out of the
// scrollback anyway (mirror-fast-forward.ts). What waits is bounded by deferMaxChars and is not a
// parse backlog: `pendingChars`, which flow control reads, counts only what is queued for parsing.
//
// What is queued goes to xterm in slices (Mirror.writeSliceChars), for at most Mirror.parseTurnMs per
// event-loop turn, with resizes and snapshots in the same queue, in order: a large piece never holds
// the core's event loop long (xterm alone parses all it was given for up to 12 ms in one task), and
// xterm's parse buffer, which grows to the largest write and stays that size, stays small.
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
  /** Output not queued yet, in order. */
  private waiting: string[] = [];
  private waitingChars = 0;
  private waitTimer: NodeJS.Timeout | null = null;
  /** Output to parse and actions to run after it, in order. */
  private readonly queue: QueuedOp[] = [];
  /** A slice is in xterm, or the next turn is scheduled: the queue's head must wait. */
  private busy = false;
  /** When the current turn's first slice went to xterm (performance.now()), or -1 between turns. */
  private turnStartedAt = -1;
  /** Characters queued and not parsed yet: the mirror's share of flow control. */
  private pending = 0;
  private skipped = 0;
  private disposed = false;
  /** The xterm instance was disposed (after dispose(), once the queue ran out). */
  private freed = false;

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
    // Full: parse now, but if xterm is still busy with earlier output, let it finish first (up to twice
    // the limit), since only a mirror at rest can skip; the queue coming idle comes back here.
    if (this.waitingChars >= this.deferMaxChars) {
      if (this.idle || this.waitingChars >= 2 * this.deferMaxChars) this.queueWaiting();
    } else if (this.waitTimer === null) {
      this.waitTimer = setTimeout(() => this.queueWaiting(), this.deferMaxAgeMs);
      this.waitTimer.unref();
    }
  }

  /** Resizes in order with the output: data written before the resize is parsed at the old size. */
  resize(cols: number, rows: number): void {
    if (this.disposed) return;
    this.queueWaiting();
    this.enqueue({ run: () => this.term.resize(cols, rows) });
  }

  /** The screen after everything written so far, and nothing written later. */
  snapshot(): Promise<MirrorSnapshot> {
    return new Promise((resolve) => {
      if (this.disposed) {
        resolve({ data: '', cols: this.term.cols, rows: this.term.rows });
        return;
      }
      this.queueWaiting();
      this.enqueue({
        run: () => resolve({ data: this.serializer.serialize({ scrollback: this.scrollback }), cols: this.term.cols, rows: this.term.rows }),
      });
    });
  }

  /**
   * Takes no more output. What was queued before still runs, so a snapshot asked for earlier (a
   * finished run's screen being saved) gets its screen; then the terminal is freed.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearWaiting();
    if (this.idle) this.free();
  }

  /** Nothing queued and nothing in xterm: xterm has parsed all it was given. */
  private get idle(): boolean {
    return !this.busy && this.queue.length === 0;
  }

  /** Queues what waits, minus the part a plain-text flood lets it skip when xterm is at rest. */
  private queueWaiting(): void {
    if (this.waitingChars === 0 || this.disposed) return;
    let chunks = this.waiting;
    this.clearWaiting();
    if (this.idle && atRest(this.term)) {
      const start = fastForwardStart(chunks, { rows: this.term.rows, scrollback: this.scrollback });
      for (let i = 0; i < start.chunk; i++) this.skipped += (chunks[i] as string).length;
      this.skipped += start.offset;
      chunks = chunks.slice(start.chunk);
      if (start.offset > 0) chunks[0] = (chunks[0] as string).slice(start.offset);
    }
    const data = chunks.length === 1 ? (chunks[0] as string) : chunks.join('');
    this.pending += data.length;
    this.enqueue({ data, at: 0 });
  }

  private enqueue(op: QueuedOp): void {
    this.queue.push(op);
    this.pump();
  }

  /** Runs the queue's head: actions at once (xterm has parsed all before them), output a slice at a time. */
  private pump(): void {
    while (!this.busy) {
      const op = this.queue[0];
      if (!op) {
        if (this.disposed) this.free(); // the queue ran out after dispose()
        else if (this.waitingChars >= this.deferMaxChars) this.queueWaiting(); // held back by write(): its turn now
        return;
      }
      if ('run' in op) {
        this.queue.shift();
        op.run();
        continue;
      }
      const slice = op.data.slice(op.at, op.at + Mirror.writeSliceChars);
      op.at += slice.length;
      if (op.at >= op.data.length) this.queue.shift();
      if (this.turnStartedAt < 0) this.turnStartedAt = performance.now();
      this.busy = true;
      this.term.write(slice, () => {
        this.pending -= slice.length;
        this.onParsed(slice.length);
        if (performance.now() - this.turnStartedAt < Mirror.parseTurnMs) {
          // Time left in this turn: the next slice is parsed in the same task.
          this.busy = false;
          this.pump();
          return;
        }
        // The next slice in a later turn of the event loop, so that I/O is served in between.
        // (Not unref'd: an unref'd immediate may wait for the next I/O or timer to run.)
        setImmediate(() => {
          this.busy = false;
          this.turnStartedAt = -1;
          this.pump();
        });
      });
    }
    if (!this.busy) this.turnStartedAt = -1;
  }

  private free(): void {
    if (this.freed) return;
    this.freed = true;
    this.term.dispose();
  }

  private clearWaiting(): void {
    this.waiting = [];
    this.waitingChars = 0;
    if (this.waitTimer !== null) clearTimeout(this.waitTimer);
    this.waitTimer = null;
  }
}

/** Output to parse (from `at` on), or an action to run once everything queued before it is parsed. */
type QueuedOp = { data: string; at: number } | { run: () => void };
