// Joins one PTY's output chunks into fewer, larger flushes (VS Code's TerminalDataBufferer idea).
// Owns only the pending chunks and one timer; knows nothing about PTYs, transports or transcripts.
import { OutputBatching } from './terminal-constants';

export interface OutputBatcherOptions {
  /** Milliseconds the first chunk of a batch waits before the flush. Default OutputBatching.intervalMs. */
  intervalMs?: number;
  /** Milliseconds a batch waits instead while the output floods. Default OutputBatching.bulkIntervalMs. */
  bulkIntervalMs?: number;
  /** A flush at least this long (UTF-16 code units) means the output floods. Default OutputBatching.bulkThresholdChars. */
  bulkThresholdChars?: number;
  /** Pending UTF-16 code units that force an immediate flush. Default OutputBatching.maxBatchChars. */
  maxBatchChars?: number;
  /** Receives each batch, joined into one string, in arrival order. Never called with an empty string. */
  onFlush: (data: string) => void;
}

/**
 * The first chunk arms a timer; every chunk pushed before it fires joins the same batch. A batch that reaches
 * maxBatchChars is flushed at once. While the output floods (the last flush reached bulkThresholdChars), a
 * batch waits bulkIntervalMs instead: fewer, larger frames for every stage after it, at a latency nobody
 * reads at that rate anyway; quicken() (someone typed) goes back to the short interval. Call flush() before
 * a resize and at exit so output never crosses them.
 */
export class OutputBatcher {
  readonly #intervalMs: number;
  readonly #bulkIntervalMs: number;
  readonly #bulkThresholdChars: number;
  readonly #maxBatchChars: number;
  readonly #onFlush: (data: string) => void;
  #chunks: string[] = [];
  #pendingChars = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #bulk = false;
  #isDisposed = false;

  constructor(options: OutputBatcherOptions) {
    this.#intervalMs = options.intervalMs ?? OutputBatching.intervalMs;
    this.#bulkIntervalMs = options.bulkIntervalMs ?? OutputBatching.bulkIntervalMs;
    this.#bulkThresholdChars = options.bulkThresholdChars ?? OutputBatching.bulkThresholdChars;
    this.#maxBatchChars = options.maxBatchChars ?? OutputBatching.maxBatchChars;
    this.#onFlush = options.onFlush;
  }

  /** True while the output floods: batches wait bulkIntervalMs. */
  get isBulk(): boolean {
    return this.#bulk;
  }

  /** Adds a chunk to the pending batch. Ignored after dispose(). */
  push(data: string): void {
    if (this.#isDisposed || data.length === 0) return;
    this.#chunks.push(data);
    this.#pendingChars += data.length;
    if (this.#pendingChars >= this.#maxBatchChars) {
      this.flush();
    } else {
      this.#timer ??= setTimeout(() => this.flush(), this.#bulk ? this.#bulkIntervalMs : this.#intervalMs);
    }
  }

  /** Leaves bulk mode: the pending batch (if any) and the next ones go out at the short interval. */
  quicken(): void {
    if (!this.#bulk) return;
    this.#bulk = false;
    if (this.#timer === null) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), this.#intervalMs);
  }

  /** Emits the pending batch now, if there is one, and disarms the timer. */
  flush(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#chunks.length === 0) return;
    const data = this.#chunks.length === 1 ? (this.#chunks[0] as string) : this.#chunks.join('');
    this.#chunks = [];
    this.#pendingChars = 0;
    this.#bulk = data.length >= this.#bulkThresholdChars;
    this.#onFlush(data);
  }

  /** Flushes what is pending, then ignores every later push. Safe to call twice. */
  dispose(): void {
    if (this.#isDisposed) return;
    this.#isDisposed = true;
    this.flush();
  }
}
