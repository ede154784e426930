// Owns the xterm.js instances, keyed by run id, outside React: terminal bytes go from `pty` frames
// straight into xterm and never through component state; React only hands in host elements.
//
// Only what is on screen is shown. A terminal whose host unmounts is hidden, not disposed: it stays
// attached and parsing in a parked element, so showing it again (back to the board, the next run)
// is instant. At most `TerminalLimits.keepHidden` are kept that way, least recently hidden out
// first: the one evicted is disposed and its run detached; its card then shows a summary (the last
// line it saw) until a new terminal has painted the run's replay. Eviction runs in a microtask, after
// the synchronous work that hid the terminals: when one React commit unmounts the board and mounts
// the focused run, that run keeps its live terminal however many cards were hidden at once. One instance per run: showing a
// run elsewhere moves its terminal. The attach/detach calls of a run reach the core in order.
// WebGL goes to shown terminals only, within MAX_WEBGL_CONTEXTS (webgl-pool.ts). Cards repaint on
// one shared clock at a low rate (card-refresh.ts); the focused terminal renders every frame.
//
// For tests and diagnostics, `document.body.dataset` carries liveTerminals (xterm instances),
// hiddenTerminals (of which parked), webglTerminals (WebGL contexts held) and terminalsOpened
// (instances created so far: it stays put when a switch reuses a live terminal).
import { WebglAddon } from '@xterm/addon-webgl';
import type { RpcClient } from '../../../shared/rpc/client';
import { CardRefreshClock } from './card-refresh';
import { HiddenLru } from './hidden-lru';
import { MountedTerminal, type MountOptions } from './mounted-terminal';
import { httpUrl } from './safe-links';
import { terminalTheme } from './terminal-theme';
import { Signal, TerminalViews } from './terminal-views';
import { hasHardwareWebgl2, WebglPool } from './webgl-pool';

export type { MountOptions, TerminalMode } from './mounted-terminal';

export const TerminalLimits = {
  /**
   * Hidden terminals kept alive (attached, parsing, not rendering). 4 makes flipping between the
   * board and a few runs instant, while memory stays bounded: each costs about its scrollback
   * (a few MB at 5,000 lines, performance.md T7) plus the bytes of its stream.
   */
  keepHidden: 4,
} as const;

export interface TerminalRegistryOptions {
  /** Shows an error to the user (a toast); disconnections are already shown by a banner. */
  readonly reportError: (err: unknown) => void;
}

/** A link a terminal asked to open, waiting for the user's confirmation. */
export interface LinkRequest {
  readonly runId: string;
  readonly url: string;
}

export class TerminalRegistry {
  readonly views = new TerminalViews();
  readonly linkRequest = new Signal<LinkRequest | null>(null);
  private readonly entries = new Map<string, MountedTerminal>();
  /** Per run, the token of the host currently showing it; an older host's unmount is then a no-op. */
  private readonly shownBy = new Map<string, object>();
  private readonly hidden = new HiddenLru<string>(TerminalLimits.keepHidden);
  private readonly webgl = new WebglPool({ supported: hasHardwareWebgl2, create: () => new WebglAddon() });
  private readonly cardClock = new CardRefreshClock();
  /** Where hidden terminals wait: in the document (xterm stays measurable), never displayed. */
  private readonly parking = document.createElement('div');
  /** Per run, the tail of its attach/detach calls. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly lightQuery = window.matchMedia('(prefers-color-scheme: light)');
  private opened = 0;
  private trimQueued = false;

  constructor(
    private readonly client: RpcClient,
    private readonly options: TerminalRegistryOptions,
  ) {
    this.parking.className = 'terminal-parking';
    this.parking.hidden = true;
    document.body.appendChild(this.parking);
    this.lightQuery.addEventListener('change', this.applyTheme);
    this.publish();
  }

  /** Shows the run's terminal in `host` (creating it, or moving it there); returns the unmount function. */
  mount(runId: string, host: HTMLElement, options: MountOptions): () => void {
    const token = {};
    this.shownBy.set(runId, token);
    this.hidden.remove(runId);
    const entry = this.entries.get(runId);
    if (entry) entry.show(host, options);
    else {
      this.opened += 1;
      this.entries.set(runId, this.create(runId, host, options));
    }
    this.publish();
    return () => {
      if (this.shownBy.get(runId) !== token) return;
      this.shownBy.delete(runId);
      this.hide(runId);
    };
  }

  focus(runId: string): void {
    this.entries.get(runId)?.focus();
  }

  scrollToBottom(runId: string): void {
    this.entries.get(runId)?.scrollToBottom();
  }

  /** Searches the run's scrollback; false when nothing matches. */
  find(runId: string, query: string, direction: 'next' | 'previous', incremental = false): boolean {
    return this.entries.get(runId)?.find(query, direction, incremental) ?? false;
  }

  clearSearch(runId: string): void {
    this.entries.get(runId)?.clearSearch();
  }

  /** The user answered the link dialog. */
  settleLink(): void {
    this.linkRequest.set(null);
  }

  /** How many xterm instances are alive: the shown ones plus at most `keepHidden` hidden ones. */
  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    for (const runId of [...this.entries.keys()]) this.disposeEntry(runId);
    this.lightQuery.removeEventListener('change', this.applyTheme);
    this.parking.remove();
  }

  private create(runId: string, host: HTMLElement, options: MountOptions): MountedTerminal {
    return new MountedTerminal(runId, host, options, {
      client: this.client,
      theme: terminalTheme(this.lightQuery.matches),
      views: this.views,
      reportError: this.options.reportError,
      serialize: (op) => this.serialize(runId, op),
      cardClock: this.cardClock,
      acquireWebgl: (term, onLost) =>
        this.webgl.acquire(term, () => {
          onLost();
          this.publish();
        }),
      openLink: (from, text) => {
        const url = httpUrl(text);
        if (url) this.linkRequest.set({ runId: from, url });
      },
    });
  }

  private hide(runId: string): void {
    const entry = this.entries.get(runId);
    if (!entry) return;
    entry.hide(this.parking);
    this.hidden.add(runId);
    this.publish();
    if (this.trimQueued) return;
    this.trimQueued = true;
    queueMicrotask(() => {
      this.trimQueued = false;
      for (const evicted of this.hidden.overflow()) this.disposeEntry(evicted);
    });
  }

  private disposeEntry(runId: string): void {
    const entry = this.entries.get(runId);
    if (!entry) return;
    const lastLine = entry.lastLine();
    entry.dispose();
    this.entries.delete(runId);
    this.hidden.remove(runId);
    this.shownBy.delete(runId);
    if (lastLine !== null) this.views.update(runId, { lastLine });
    this.publish();
  }

  private publish(): void {
    const data = document.body.dataset;
    data.liveTerminals = String(this.entries.size);
    data.hiddenTerminals = String(this.hidden.size);
    data.webglTerminals = String(this.webgl.count);
    data.terminalsOpened = String(this.opened);
  }

  private readonly applyTheme = (): void => {
    const theme = terminalTheme(this.lightQuery.matches);
    for (const entry of this.entries.values()) entry.applyTheme(theme);
  };

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
