// One run's xterm instance. It lives while the run is on screen or among the recently hidden
// (the registry decides), and moves between hosts: a card shows it at the PTY's own size scaled
// down and repainted at a low rate, only the rows in view (card-refresh.ts); the focused view fits
// it to the pane, drives the PTY size and renders every frame. Hidden, it sits in a parked element,
// keeps parsing its stream and renders nothing. Created and disposed only by the registry.
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITheme } from '@xterm/xterm';
import { TERMINAL_COLS, TERMINAL_ROWS } from '../../../shared/contract/limits';
import { CardPlacement } from './card-placement';
import { throttleRendering, type CardRefreshClock, type RenderThrottle } from './card-refresh';
import { lastLine } from './last-line';
import { ScrollbackSearch } from './scrollback-search';
import { splitInput } from './split-input';
import { copySelection, pasteClipboard } from './terminal-clipboard';
import { terminalKeyAction } from './terminal-keys';
import { isRpcCode, TerminalStream, type StreamDeps } from './terminal-stream';
import { TERMINAL_FONT_FAMILY } from './terminal-theme';
import type { RowWindow } from './thumbnail';
import type { TerminalViews } from './terminal-views';
import type { WebglSlot } from './webgl-pool';

/** 'card': a read-only thumbnail that never resizes the PTY. 'focus': takes input and drives the PTY size. */
export type TerminalMode = 'card' | 'focus';

export interface MountOptions {
  readonly mode: TerminalMode;
  /** Focus the terminal once it is shown (focus mode). */
  readonly autoFocus?: boolean;
  /** Keys xterm must leave alone so the page can handle them (e.g. Escape to go back). */
  readonly passKey?: (event: KeyboardEvent) => boolean;
}

export const TerminalTuning = {
  /** Scrollback kept per terminal, in lines (performance.md T7 budgets memory per agent by it). */
  scrollbackLines: 5000,
  /** Quiet time after the last host resize before refitting, in ms (a window drag fires many). */
  resizeDebounceMs: 60,
  /** Font size in CSS px. One size for both modes: a card scales the same rendering down. */
  fontSize: 13,
} as const;

/** What a terminal needs from its registry. */
export interface TerminalDeps extends StreamDeps {
  readonly theme: ITheme;
  readonly views: TerminalViews;
  /** A WebGL renderer if the budget allows (null: DOM); `onLost` runs if its context is lost. */
  readonly acquireWebgl: (term: Terminal, onLost: () => void) => WebglSlot | null;
  /** A link was activated: ask the user before opening it. */
  readonly openLink: (runId: string, text: string) => void;
  /** The clock card terminals repaint on. */
  readonly cardClock: CardRefreshClock;
}

/** Fits the terminal to its host unless the host is hidden or not laid out yet. */
function safeFit(fit: FitAddon): void {
  const dims = fit.proposeDimensions();
  if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows) || dims.cols < 2 || dims.rows < 1) return;
  fit.fit();
}

const clamp = (n: number, range: { min: number; max: number }): number => Math.min(range.max, Math.max(range.min, n));

export class MountedTerminal {
  readonly term: Terminal;
  private readonly wrapper = document.createElement('div');
  private readonly fit = new FitAddon();
  private readonly stream: TerminalStream;
  private readonly search: ScrollbackSearch;
  private options: MountOptions = { mode: 'card' };
  private host: HTMLElement | null = null;
  private stopObserving: (() => void) | null = null;
  private webgl: WebglSlot | null = null;
  /** Slows this terminal's repaints down while it is a card (null: this xterm cannot be throttled). */
  private readonly throttle: RenderThrottle | null;
  private readonly placement = new CardPlacement(this.wrapper);
  /** Its WebGL context was lost once: DOM from now on. */
  private webglLost = false;
  private theme: ITheme;
  /** The PTY's size as far as we know: from the replay, then from our own resizes. */
  private ptySize: { cols: number; rows: number } | null = null;
  private lastSentSize = '';
  /** A replay is being parsed at the PTY's size: no refit until it is on screen. */
  private replaying = false;
  private painted = false;
  private disposed = false;

  constructor(
    private readonly runId: string,
    host: HTMLElement,
    options: MountOptions,
    private readonly deps: TerminalDeps,
  ) {
    this.theme = deps.theme;
    this.term = new Terminal({
      fontFamily: TERMINAL_FONT_FAMILY,
      fontSize: TerminalTuning.fontSize,
      lineHeight: 1.1,
      scrollback: TerminalTuning.scrollbackLines,
      allowProposedApi: true, // search decorations
      theme: this.theme,
      // OSC 8 hyperlinks: only http(s), and only after the user confirms (LinkConfirm).
      linkHandler: { activate: (_event, text) => deps.openLink(runId, text), allowNonHttpProtocols: false },
    });
    this.term.loadAddon(this.fit);
    this.term.loadAddon(new WebLinksAddon((_event, uri) => deps.openLink(runId, uri)));
    host.appendChild(this.wrapper); // xterm measures its font when opened inside the document
    this.term.open(this.wrapper);
    this.throttle = throttleRendering(this.term, deps.cardClock, this.locateRows);
    this.term.attachCustomKeyEventHandler(this.onKey);
    this.term.onData((data) => this.options.mode === 'focus' && this.stream.inputEnabled && this.write(data));
    this.term.onScroll(this.trackScroll);
    this.term.onWriteParsed(this.trackOutput);
    this.term.onRender(this.trackRender);
    this.search = new ScrollbackSearch(this.term, (search) => deps.views.update(runId, { search }));
    this.stream = new TerminalStream(runId, this.term, deps, {
      onReplay: (size) => {
        this.ptySize = size;
        this.replaying = true;
        this.setPainted(false);
        this.term.resize(size.cols, size.rows);
        if (this.options.mode === 'card') this.layout();
      },
      onPainted: () => {
        this.replaying = false;
        this.setPainted(true);
        this.layout();
      },
    });
    this.show(host, options);
  }

  /** Puts the terminal into `host`, in the given mode: refits (a resize may have happened while hidden). */
  show(host: HTMLElement, options: MountOptions): void {
    this.options = options;
    this.host = host;
    if (this.wrapper.parentElement !== host) host.appendChild(this.wrapper);
    const focus = options.mode === 'focus';
    this.wrapper.className = `terminal-wrap terminal-wrap-${options.mode}`;
    this.wrapper.style.transform = '';
    if (this.term.options.disableStdin === focus) this.term.options.disableStdin = !focus;
    if (this.term.options.cursorBlink !== focus) this.term.options.cursorBlink = focus;
    if (focus) this.term.textarea?.removeAttribute('tabindex');
    else this.term.textarea?.setAttribute('tabindex', '-1');
    this.stopObserving?.();
    this.stopObserving = this.observeResize(host);
    this.placement.measure(host);
    if (this.throttle) {
      this.throttle.throttled = !focus;
      this.throttle.flush();
    }
    if (!this.webgl && !this.webglLost) {
      this.webgl = this.deps.acquireWebgl(this.term, () => {
        this.webgl = null;
        this.webglLost = true;
      });
    }
    this.setPainted(this.painted);
    this.layout();
    if (options.autoFocus) this.term.focus();
  }

  /** Moves the terminal off screen into `parking`: it keeps parsing, frees its WebGL context. */
  hide(parking: HTMLElement): void {
    this.host = null;
    this.stopObserving?.();
    this.stopObserving = null;
    this.webgl?.release();
    this.webgl = null;
    if (this.wrapper.contains(document.activeElement)) this.term.blur();
    parking.appendChild(this.wrapper);
    this.deps.views.update(this.runId, { painted: false, scrolledUp: false, newOutput: false });
  }

  get hasWebgl(): boolean {
    return this.webgl !== null;
  }

  focus(): void {
    this.term.focus();
  }

  scrollToBottom(): void {
    this.term.scrollToBottom();
  }

  applyTheme(theme: ITheme): void {
    this.theme = theme;
    this.term.options.theme = theme;
    this.webgl?.clearTextureAtlas(); // no glyph keeps the old colours
  }

  /** Finds `query` in the scrollback; false when there is no match. An empty query clears the search. */
  find(query: string, direction: 'next' | 'previous', incremental = false): boolean {
    return this.search.find(query, direction, this.theme, incremental);
  }

  clearSearch(): void {
    this.search.clear();
  }

  /** The last non-empty line on the terminal, for the card's summary once it is disposed. */
  lastLine(): string | null {
    return lastLine(this.term.buffer.active);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopObserving?.();
    this.throttle?.dispose();
    this.webgl?.release();
    this.webgl = null;
    this.stream.close();
    this.term.dispose();
    this.wrapper.remove();
    this.deps.views.update(this.runId, { painted: false, scrolledUp: false, newOutput: false, search: null });
  }

  private setPainted(painted: boolean): void {
    this.painted = painted;
    this.deps.views.update(this.runId, { painted: painted && this.host !== null });
  }

  /** Card: the PTY's size, scaled to the card. Focus: fitted to the pane, and the PTY told. */
  private layout(): void {
    const host = this.host;
    if (!host || this.disposed) return;
    if (this.options.mode === 'focus') {
      if (this.replaying) return;
      safeFit(this.fit);
      if (this.stream.started) this.sendSize();
      return;
    }
    const size = this.ptySize;
    if (size && (this.term.cols !== size.cols || this.term.rows !== size.rows)) this.term.resize(size.cols, size.rows);
    this.anchorThumbnail();
  }

  /** Card: scale and scroll the thumbnail so the cursor's row (the latest output) stays in view, its rows painted. */
  private anchorThumbnail(): void {
    if (!this.host) return;
    const rows = this.placement.place(this.term.buffer.active.cursorY, this.term.rows);
    this.throttle?.reveal(rows);
  }

  /** Asked at each render of a card: placed for the cursor as it is now, the rows in view (null: all). */
  private readonly locateRows = (): RowWindow | null =>
    this.options.mode === 'card' && this.host && !this.replaying ? this.placement.place(this.term.buffer.active.cursorY, this.term.rows) : null;

  /** Tells the PTY our size (focus mode only), once per distinct size. */
  private sendSize(): void {
    const cols = clamp(this.term.cols, TERMINAL_COLS);
    const rows = clamp(this.term.rows, TERMINAL_ROWS);
    if (`${cols}x${rows}` === this.lastSentSize && this.ptySize?.cols === cols && this.ptySize.rows === rows) return;
    this.lastSentSize = `${cols}x${rows}`;
    this.ptySize = { cols, rows };
    this.deps.client.call('runs.resize', { runId: this.runId, cols, rows }).catch((err: unknown) => {
      if (!isRpcCode(err, 'DISCONNECTED', 'RUN_NOT_ACTIVE', 'NOT_FOUND')) this.deps.reportError(err);
    });
  }

  private write(data: string): void {
    for (const part of splitInput(data)) {
      this.deps.client.call('runs.write', { runId: this.runId, data: part }).catch((err: unknown) => {
        if (!isRpcCode(err, 'DISCONNECTED')) this.deps.reportError(err);
      });
    }
  }

  /** Copy, paste and find are the page's; Escape (via passKey) too; every other key is the program's. */
  private readonly onKey = (event: KeyboardEvent): boolean => {
    if (this.options.mode !== 'focus') return true;
    if (this.options.passKey?.(event)) return false;
    const action = terminalKeyAction(event);
    if (!action) return true;
    if (event.type === 'keydown' && action === 'copy') copySelection(this.term, event, this.deps.reportError);
    if (event.type === 'keydown' && action === 'paste') {
      pasteClipboard(this.term, event, () => !this.disposed && this.stream.inputEnabled, this.deps.reportError);
    }
    return false; // 'find' bubbles up to the focused view, which opens the search bar
  };

  /** Auto-scroll: xterm keeps the viewport while the user is scrolled up; we only report it. */
  private readonly trackScroll = (): void => {
    if (this.options.mode !== 'focus' || !this.host) return;
    const buffer = this.term.buffer.active;
    const up = buffer.viewportY < buffer.baseY;
    this.deps.views.update(this.runId, up ? { scrolledUp: true } : { scrolledUp: false, newOutput: false });
  };

  private readonly trackOutput = (): void => {
    if (this.options.mode !== 'focus' || !this.host) return;
    const buffer = this.term.buffer.active;
    if (buffer.viewportY < buffer.baseY) this.deps.views.update(this.runId, { scrolledUp: true, newOutput: true });
  };

  /** A card keeps its thumbnail on the cursor row as it repaints (at the card rate, not per parse). */
  private readonly trackRender = (): void => {
    if (this.options.mode === 'card' && this.host && !this.replaying) this.anchorThumbnail();
  };

  /** Card: rescales at once (cheap). Focus: refits once the size settles. Watches host and terminal. */
  private observeResize(host: HTMLElement): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver((entries) => {
      this.placement.noteResize(entries, host);
      if (this.options.mode === 'card') {
        this.layout();
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(() => this.layout(), TerminalTuning.resizeDebounceMs);
    });
    observer.observe(host);
    observer.observe(this.wrapper);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }
}
