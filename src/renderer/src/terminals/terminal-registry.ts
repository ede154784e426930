// Owns the xterm.js instances, keyed by run id, outside React: terminal bytes go from `pty` frames
// straight into xterm and never through component state; React only hands in a host element.
// One live terminal per run: mounting a run again disposes the previous instance first, and the
// attach/detach calls of a run reach the core strictly in order.
import type { RpcClient } from '../../../shared/rpc/client';
import { MountedTerminal, type MountOptions } from './mounted-terminal';
import { terminalTheme } from './terminal-theme';

export type { MountOptions, TerminalMode } from './mounted-terminal';

export interface TerminalRegistryOptions {
  /** Shows an error to the user (a toast); disconnections are already shown by a banner. */
  readonly reportError: (err: unknown) => void;
}

export class TerminalRegistry {
  private readonly entries = new Map<string, MountedTerminal>();
  /** Per run, the tail of its attach/detach calls. */
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
    const entry: MountedTerminal = new MountedTerminal(runId, host, options, {
      client: this.client,
      theme: terminalTheme(this.lightQuery.matches),
      reportError: this.options.reportError,
      serialize: (op) => this.serialize(runId, op),
      onDisposed: () => {
        if (this.entries.get(runId) === entry) this.entries.delete(runId);
      },
    });
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
