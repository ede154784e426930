// A headless xterm per live run: it parses everything the run prints, so a client that attaches
// receives the current screen and bounded scrollback, serialized, instead of a replay of raw output.
import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';
import { Mirror } from './terminal-constants';

export interface MirrorSnapshot {
  data: string;
  cols: number;
  rows: number;
}

export class TerminalMirror {
  private readonly term: headless.Terminal;
  private readonly serializer = new serialize.SerializeAddon();
  /** Characters written but not yet parsed: the mirror's own share of flow control. */
  private pending = 0;
  private disposed = false;

  constructor(cols: number, rows: number, private readonly onParsed: (chars: number) => void = () => {}) {
    this.term = new headless.Terminal({ cols, rows, scrollback: Mirror.scrollbackLines, allowProposedApi: true });
    this.term.loadAddon(this.serializer);
  }

  get pendingChars(): number {
    return this.pending;
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  write(data: string): void {
    if (this.disposed) return;
    this.pending += data.length;
    this.term.write(data, () => {
      this.pending -= data.length;
      this.onParsed(data.length);
    });
  }

  /** Resizes in order with the output: data written before the resize is parsed at the old size. */
  resize(cols: number, rows: number): void {
    if (this.disposed) return;
    this.term.write('', () => {
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
      this.term.write('', () => {
        resolve({ data: this.serializer.serialize({ scrollback: Mirror.scrollbackLines }), cols: this.term.cols, rows: this.term.rows });
      });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.term.dispose();
  }
}
