// Owns the xterm.js instances, keyed by run id, outside React: terminal bytes go from `pty` frames
// straight into xterm and never through component state. React only hands in a host element.
// One live terminal per run: mounting a run again disposes the previous instance first.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITerminalOptions } from '@xterm/xterm';
import { MAX_INPUT_CHARS, TERMINAL_COLS, TERMINAL_ROWS } from '../../../shared/contract/limits';
import { RpcError, type RpcClient } from '../../../shared/rpc/client';
import { TERMINAL_FONT_FAMILY, terminalTheme } from './terminal-theme';

/** 'card': small, read-only, never resizes the PTY. 'focus': takes input and drives the PTY size. */
export type TerminalMode = 'card' | 'focus';

export interface MountOptions {
  readonly mode: TerminalMode;
  /** Focus the terminal once it is open (focus mode). */
  readonly autoFocus?: boolean;
  /** Keys xterm must leave alone so the page can handle them (e.g. Escape to go back). */
  readonly passKey?: (event: KeyboardEvent) => boolean;
}

export interface TerminalRegistryOptions {
  /** Shows an error to the user (a toast); disconnections are already shown by a banner. */
  readonly reportError: (err: unknown) => void;
}

export const TerminalTuning = {
  /** Scrollback kept per terminal, in lines. */
  scrollbackLines: 5000,
  /** Quiet time after the last container resize before refitting, in ms (a window drag fires many). */
  resizeDebounceMs: 60,
  cardFontSize: 11,
  focusFontSize: 13,
} as const;

interface Entry {
  readonly term: Terminal;
  dispose(): void;
}

function optionsFor(mode: TerminalMode, prefersLight: boolean): ITerminalOptions {
  const card = mode === 'card';
  return {
    fontFamily: TERMINAL_FONT_FAMILY,
    fontSize: card ? TerminalTuning.cardFontSize : TerminalTuning.focusFontSize,
    lineHeight: card ? 1 : 1.1,
    scrollback: TerminalTuning.scrollbackLines,
    convertEol: false,
    cursorBlink: !card,
    disableStdin: card,
    theme: terminalTheme(prefersLight),
  };
}

/** Fits the terminal to its host unless the host is hidden or not laid out yet. */
function safeFit(fit: FitAddon): void {
  const dims = fit.proposeDimensions();
  if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows) || dims.cols < 2 || dims.rows < 1) return;
  fit.fit();
}

const clamp = (n: number, range: { min: number; max: number }): number => Math.min(range.max, Math.max(range.min, n));

/** Splits a paste longer than the contract allows, never between the halves of a surrogate pair. */
export function splitInput(data: string, max: number = MAX_INPUT_CHARS): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(data.length, start + max);
    const code = data.charCodeAt(end - 1);
    if (end < data.length && end - start > 1 && code >= 0xd800 && code <= 0xdbff) end -= 1;
    parts.push(data.slice(start, end));
    start = end;
  }
  return parts;
}

const isCode = (err: unknown, ...codes: string[]): boolean => err instanceof RpcError && codes.includes(err.code);

export class TerminalRegistry {
  private readonly entries = new Map<string, Entry>();
  /** Per run, the tail of its attach/detach calls, so they reach the core strictly in order. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly lightQuery = window.matchMedia('(prefers-color-scheme: light)');
  private readonly client: RpcClient;
  private readonly options: TerminalRegistryOptions;

  constructor(client: RpcClient, options: TerminalRegistryOptions) {
    this.client = client;
    this.options = options;
    this.lightQuery.addEventListener('change', this.applyTheme);
  }

  /** Opens the run's terminal in `host` and streams into it; returns the unmount function. */
  mount(runId: string, host: HTMLElement, options: MountOptions): () => void {
    this.entries.get(runId)?.dispose();
    const entry = this.open(runId, host, options);
    this.entries.set(runId, entry);
    return () => entry.dispose();
  }

  focus(runId: string): void {
    this.entries.get(runId)?.term.focus();
  }

  /** How many xterm instances are alive (bounded by what is on screen). */
  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    for (const entry of [...this.entries.values()]) entry.dispose();
    this.lightQuery.removeEventListener('change', this.applyTheme);
  }

  private readonly applyTheme = (): void => {
    const theme = terminalTheme(this.lightQuery.matches);
    for (const { term } of this.entries.values()) term.options.theme = theme;
  };

  private open(runId: string, host: HTMLElement, { mode, autoFocus, passKey }: MountOptions): Entry {
    const term = new Terminal(optionsFor(mode, this.lightQuery.matches));
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host);
    safeFit(fit);
    if (mode === 'card') term.textarea?.setAttribute('tabindex', '-1');
    if (passKey) term.attachCustomKeyEventHandler((event) => !passKey(event));

    const state = { disposed: false, attached: false, streaming: false, inputEnabled: false };
    const cleanups: (() => void)[] = [];
    let lastSize = '';
    const sendSize = (): void => {
      const cols = clamp(term.cols, TERMINAL_COLS);
      const rows = clamp(term.rows, TERMINAL_ROWS);
      if (`${cols}x${rows}` === lastSize) return;
      lastSize = `${cols}x${rows}`;
      this.client.call('runs.resize', { runId, cols, rows }).catch((err: unknown) => {
        if (!isCode(err, 'DISCONNECTED', 'RUN_NOT_ACTIVE', 'NOT_FOUND')) this.options.reportError(err);
      });
    };

    // Frames that arrive before our attach answer belong to an earlier attachment and are already
    // part of the replay (`runs.attach` promises no gap and no overlap after its answer).
    cleanups.push(
      this.client.onPty(runId, (data) => {
        if (state.streaming) term.write(data);
      }),
    );
    cleanups.push(
      this.observeResize(host, fit, () => {
        if (mode === 'focus' && state.streaming) sendSize();
      }),
    );
    if (mode === 'focus') {
      const input = term.onData((data) => {
        if (state.inputEnabled) this.write(runId, data);
      });
      cleanups.push(() => input.dispose());
    }

    this.serialize(runId, async () => {
      if (state.disposed) return;
      const { replay } = await this.client.call('runs.attach', { runId });
      state.attached = true;
      if (state.disposed) return;
      // Replies xterm would give to queries inside old output must not reach the agent as input.
      term.write(replay, () => (state.inputEnabled = true));
      state.streaming = true;
      if (mode === 'focus') sendSize();
    }).catch((err: unknown) => {
      if (state.disposed) return;
      term.write(`\r\n\x1b[2m[could not attach: ${err instanceof Error ? err.message : String(err)}]\x1b[0m\r\n`);
      if (!isCode(err, 'DISCONNECTED')) this.options.reportError(err);
    });
    if (autoFocus) term.focus();

    const entry: Entry = {
      term,
      dispose: () => {
        if (state.disposed) return;
        state.disposed = true;
        state.streaming = false;
        for (const cleanup of cleanups) cleanup();
        term.dispose();
        if (this.entries.get(runId) === entry) this.entries.delete(runId);
        this.serialize(runId, async () => {
          if (state.attached) await this.client.call('runs.detach', { runId });
        }).catch((err: unknown) => {
          if (!isCode(err, 'DISCONNECTED', 'NOT_FOUND')) this.options.reportError(err);
        });
      },
    };
    return entry;
  }

  /** Refits after the host's size settles; `after` runs once the new size is known. */
  private observeResize(host: HTMLElement, fit: FitAddon, after: () => void): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        safeFit(fit);
        after();
      }, TerminalTuning.resizeDebounceMs);
    });
    observer.observe(host);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }

  private write(runId: string, data: string): void {
    for (const part of splitInput(data)) {
      this.client.call('runs.write', { runId, data: part }).catch((err: unknown) => {
        if (!isCode(err, 'DISCONNECTED')) this.options.reportError(err);
      });
    }
  }

  /** Runs `op` after every earlier attach/detach of this run has settled. */
  private serialize(runId: string, op: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(runId) ?? Promise.resolve()).then(op, op);
    const tail = next.catch(() => undefined);
    this.queues.set(runId, tail);
    void tail.then(() => {
      if (this.queues.get(runId) === tail) this.queues.delete(runId);
    });
    return next;
  }
}
