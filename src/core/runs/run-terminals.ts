// The terminal streams of runs, by run id: live runs, plus a bounded set of recently finished ones
// kept warm. Serves attach for every run: a live stream, or the saved screen of a finished run
// (rebuilt from the transcript's tail when no screen was saved, e.g. after a crash).
import { ClientWindows } from '../terminals/client-windows';
import { TerminalMirror } from '../terminals/terminal-mirror';
import { TerminalStream, type StreamClient } from '../terminals/terminal-stream';
import { RunLimits } from './run-constants';
import type { TranscriptPort } from './transcript-port';

export class RunTerminals {
  private readonly streams = new Map<string, TerminalStream>();
  /** Finished runs whose stream is kept, oldest first (Map keeps insertion order). */
  private readonly finished = new Map<string, TerminalStream>();
  /** Every stream's flow-control windows, so a client's streams share its budget. */
  private readonly windows = new ClientWindows();

  constructor(private readonly transcripts: TranscriptPort) {}

  /** Creates the stream of a run that is about to start. */
  open(runId: string, cols: number, rows: number): TerminalStream {
    this.forget(runId);
    let stream: TerminalStream | null = null;
    const mirror = new TerminalMirror(cols, rows, { onParsed: () => stream?.mirrorProgressed() });
    stream = new TerminalStream({ runId, mirror, persist: (data) => this.transcripts.append(runId, data), windows: this.windows });
    this.streams.set(runId, stream);
    return stream;
  }

  /**
   * A live stream for a run whose earlier stream ended (the built-in agent's next turn): a new
   * mirror starts from the last screen, and clients attached to the old stream move to the new one.
   */
  async reopen(runId: string): Promise<TerminalStream> {
    const old = this.streams.get(runId);
    const screen = old ? await old.snapshot() : await this.transcripts.readScreen(runId);
    const clients = old?.clients() ?? [];
    const stream = this.open(runId, screen?.cols ?? RunLimits.initialCols, screen?.rows ?? RunLimits.initialRows);
    if (screen) stream.seed(screen.data);
    for (const client of clients) stream.attach(client);
    return stream;
  }

  get(runId: string): TerminalStream | undefined {
    return this.streams.get(runId);
  }

  /** The run ended: flush, save its screen, and keep its stream warm among the recently finished. */
  async finish(runId: string): Promise<void> {
    const stream = this.streams.get(runId);
    if (!stream) return;
    stream.end();
    const snap = await stream.snapshot();
    this.transcripts.saveScreen(runId, snap);
    this.finished.delete(runId);
    this.finished.set(runId, stream);
    while (this.finished.size > RunLimits.warmFinishedStreams) {
      const [oldest] = this.finished.keys();
      if (oldest === undefined) break;
      this.forget(oldest);
    }
  }

  async attach(runId: string, client: StreamClient): Promise<void> {
    const stream = this.streams.get(runId);
    if (stream) {
      stream.attach(client);
      return;
    }
    const screen = await this.transcripts.readScreen(runId);
    if (screen) {
      client.send({ t: 'pty', runId, data: screen.data, replay: { cols: screen.cols, rows: screen.rows, truncated: false } });
      return;
    }
    const tail = await this.transcripts.readTail(runId, RunLimits.replayMaxChars);
    const mirror = new TerminalMirror(RunLimits.initialCols, RunLimits.initialRows);
    mirror.write(tail.text);
    const snap = await mirror.snapshot();
    mirror.dispose();
    this.transcripts.saveScreen(runId, snap);
    client.send({ t: 'pty', runId, data: snap.data, replay: { cols: snap.cols, rows: snap.rows, truncated: tail.truncated } });
  }

  detach(runId: string, clientId: number): void {
    this.streams.get(runId)?.detach(clientId);
  }

  ack(runId: string, clientId: number, chars: number): void {
    this.streams.get(runId)?.ack(clientId, chars);
  }

  /** A connection closed: it is no longer subscribed anywhere. */
  forgetClient(clientId: number): void {
    for (const stream of this.streams.values()) stream.detach(clientId);
  }

  /** Ends every live stream and saves its screen (the app is stopping). */
  async finishAll(): Promise<void> {
    await Promise.all([...this.streams.keys()].filter((id) => !this.finished.has(id)).map((id) => this.finish(id)));
  }

  dispose(): void {
    for (const id of [...this.streams.keys()]) this.forget(id);
  }

  private forget(runId: string): void {
    this.streams.get(runId)?.dispose();
    this.streams.delete(runId);
    this.finished.delete(runId);
  }
}
