// One xterm instance showing one run in one host element: attaches, paints the replay, streams
// `pty` chunks straight into xterm, forwards typing and (in focus mode) the size to the PTY.
// Created and disposed only by the TerminalRegistry.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITerminalOptions, type ITheme } from '@xterm/xterm';
import { TERMINAL_COLS, TERMINAL_ROWS } from '../../../shared/contract/limits';
import { RpcError, type RpcClient } from '../../../shared/rpc/client';
import { splitInput } from './split-input';
import { TERMINAL_FONT_FAMILY } from './terminal-theme';

/** 'card': small, read-only, never resizes the PTY. 'focus': takes input and drives the PTY size. */
export type TerminalMode = 'card' | 'focus';

export interface MountOptions {
  readonly mode: TerminalMode;
  /** Focus the terminal once it is open (focus mode). */
  readonly autoFocus?: boolean;
  /** Keys xterm must leave alone so the page can handle them (e.g. Escape to go back). */
  readonly passKey?: (event: KeyboardEvent) => boolean;
}

export const TerminalTuning = {
  /** Scrollback kept per terminal, in lines. */
  scrollbackLines: 5000,
  /** Quiet time after the last host resize before refitting, in ms (a window drag fires many). */
  resizeDebounceMs: 60,
  /** Font sizes, in CSS px: cards are thumbnails, the focused terminal is for work. */
  cardFontSize: 11,
  focusFontSize: 13,
} as const;

/** What a mounted terminal needs from its registry. */
export interface TerminalDeps {
  readonly client: RpcClient;
  readonly theme: ITheme;
  readonly reportError: (err: unknown) => void;
  /** Runs `op` after every earlier attach/detach of the same run has settled. */
  readonly serialize: (op: () => Promise<void>) => Promise<void>;
  readonly onDisposed: () => void;
}

function optionsFor(mode: TerminalMode, theme: ITheme): ITerminalOptions {
  const card = mode === 'card';
  return {
    fontFamily: TERMINAL_FONT_FAMILY,
    fontSize: card ? TerminalTuning.cardFontSize : TerminalTuning.focusFontSize,
    lineHeight: card ? 1 : 1.1,
    scrollback: TerminalTuning.scrollbackLines,
    convertEol: false,
    cursorBlink: !card,
    disableStdin: card,
    theme,
  };
}

/** Fits the terminal to its host unless the host is hidden or not laid out yet. */
function safeFit(fit: FitAddon): void {
  const dims = fit.proposeDimensions();
  if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows) || dims.cols < 2 || dims.rows < 1) return;
  fit.fit();
}

const clamp = (n: number, range: { min: number; max: number }): number => Math.min(range.max, Math.max(range.min, n));
const isCode = (err: unknown, ...codes: string[]): boolean => err instanceof RpcError && codes.includes(err.code);

export class MountedTerminal {
  readonly term: Terminal;
  private readonly fit = new FitAddon();
  private readonly cleanups: (() => void)[] = [];
  private disposed = false;
  /** `runs.attach` succeeded, so a `runs.detach` is owed. */
  private attached = false;
  /** The replay is painted: live chunks may be written. */
  private streaming = false;
  /** The replay is parsed: what xterm emits now is the user's typing, not replies to old queries. */
  private inputEnabled = false;
  private lastSentSize = '';

  constructor(
    private readonly runId: string,
    host: HTMLElement,
    private readonly options: MountOptions,
    private readonly deps: TerminalDeps,
  ) {
    this.term = new Terminal(optionsFor(options.mode, deps.theme));
    this.term.loadAddon(this.fit);
    this.term.open(host);
    safeFit(this.fit);
    if (options.mode === 'card') this.term.textarea?.setAttribute('tabindex', '-1');
    const { passKey } = options;
    if (passKey) this.term.attachCustomKeyEventHandler((event) => !passKey(event));
    // Chunks that arrive before our attach answer belong to an earlier attachment and are already
    // in the replay (`runs.attach` promises no gap and no overlap after its answer).
    this.cleanups.push(deps.client.onPty(runId, (data) => this.streaming && this.term.write(data)));
    this.cleanups.push(this.observeResize(host));
    if (options.mode === 'focus') {
      const input = this.term.onData((data) => this.inputEnabled && this.write(data));
      this.cleanups.push(() => input.dispose());
    }
    this.attach();
    if (options.autoFocus) this.term.focus();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.streaming = false;
    for (const cleanup of this.cleanups) cleanup();
    this.term.dispose();
    this.deps.onDisposed();
    this.deps
      .serialize(async () => {
        if (this.attached) await this.deps.client.call('runs.detach', { runId: this.runId });
      })
      .catch((err: unknown) => {
        if (!isCode(err, 'DISCONNECTED', 'NOT_FOUND')) this.deps.reportError(err);
      });
  }

  private attach(): void {
    this.deps
      .serialize(async () => {
        if (this.disposed) return;
        const { replay } = await this.deps.client.call('runs.attach', { runId: this.runId });
        this.attached = true;
        if (this.disposed) return;
        this.term.write(replay, () => (this.inputEnabled = true));
        this.streaming = true;
        if (this.options.mode === 'focus') this.sendSize();
      })
      .catch((err: unknown) => {
        if (this.disposed) return;
        const message = err instanceof Error ? err.message : String(err);
        this.term.write(`\r\n\x1b[2m[could not attach: ${message}]\x1b[0m\r\n`);
        if (!isCode(err, 'DISCONNECTED')) this.deps.reportError(err);
      });
  }

  /** Tells the PTY our size (focus mode only), once per distinct size. */
  private sendSize(): void {
    const cols = clamp(this.term.cols, TERMINAL_COLS);
    const rows = clamp(this.term.rows, TERMINAL_ROWS);
    if (`${cols}x${rows}` === this.lastSentSize) return;
    this.lastSentSize = `${cols}x${rows}`;
    this.deps.client.call('runs.resize', { runId: this.runId, cols, rows }).catch((err: unknown) => {
      if (!isCode(err, 'DISCONNECTED', 'RUN_NOT_ACTIVE', 'NOT_FOUND')) this.deps.reportError(err);
    });
  }

  private write(data: string): void {
    for (const part of splitInput(data)) {
      this.deps.client.call('runs.write', { runId: this.runId, data: part }).catch((err: unknown) => {
        if (!isCode(err, 'DISCONNECTED')) this.deps.reportError(err);
      });
    }
  }

  /** Refits once the host's size settles; a focused terminal then resizes the PTY. */
  private observeResize(host: HTMLElement): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        safeFit(this.fit);
        if (this.options.mode === 'focus' && this.streaming) this.sendSize();
      }, TerminalTuning.resizeDebounceMs);
    });
    observer.observe(host);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }
}
