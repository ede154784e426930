// The flow-control window of each (client, run) stream. A client (a window) parses everything it is
// sent on one thread, so what it shows next, typed-in echo included, waits behind all the output it
// holds unparsed, from every run it watches. So a client's windows together stay within one budget:
// each of its streams may hold FlowControl.clientBudgetChars / (its stream count) unacknowledged
// characters, between the per-stream minimum and maximum. A client watching a few runs gets the full
// per-stream window; one watching 16 flooding runs holds less of each, and stays responsive.
// Shared by every TerminalStream of a core (one instance, made by RunTerminals).
import { FlowControl } from './terminal-constants';

export class ClientWindows {
  /** Per client id, the runs it is subscribed to. */
  private readonly streams = new Map<number, Set<string>>();

  constructor(
    private readonly budgetChars: number = FlowControl.clientBudgetChars,
    private readonly minChars: number = FlowControl.minHighWatermarkChars,
    private readonly maxChars: number = FlowControl.highWatermarkChars,
  ) {}

  subscribe(clientId: number, runId: string): void {
    let runs = this.streams.get(clientId);
    if (!runs) this.streams.set(clientId, (runs = new Set()));
    runs.add(runId);
  }

  unsubscribe(clientId: number, runId: string): void {
    const runs = this.streams.get(clientId);
    if (!runs) return;
    runs.delete(runId);
    if (runs.size === 0) this.streams.delete(clientId);
  }

  /** Unacknowledged characters one stream of this client may hold before its PTY pauses. */
  highWatermark(clientId: number): number {
    const count = Math.max(1, this.streams.get(clientId)?.size ?? 1);
    return Math.min(this.maxChars, Math.max(this.minChars, Math.floor(this.budgetChars / count)));
  }
}
