// One run's terminal output on its way out: batches it, feeds the headless mirror and the transcript,
// and streams it to every attached client with a replay first and credit-based flow control.
// Owns the subscribers of one run; knows nothing of git, runs' status or the database.
import type { Frame } from '../../shared/protocol';
import { OutputBatcher } from './output-batcher';
import { FlowControl } from './terminal-constants';
import type { MirrorSnapshot, TerminalMirror } from './terminal-mirror';

/** Where a stream sends a client's frames; the stream never sees the connection itself. */
export interface StreamClient {
  readonly id: number;
  send(frame: Frame): void;
}

/** What the stream pauses when a client (or the mirror) falls behind. */
export interface Pausable {
  pause(): void;
  resume(): void;
}

interface Subscriber {
  client: StreamClient;
  /** Characters sent and not yet acknowledged. */
  unacked: number;
  /** 'syncing': waiting for its replay, frames are held; 'stalled': set aside until it acknowledges. */
  state: 'syncing' | 'live' | 'stalled';
  held: string[];
  /** When it went over the high watermark (ms), for stall detection. */
  overSince: number | null;
}

export interface TerminalStreamOptions {
  runId: string;
  mirror: TerminalMirror;
  /** Every batch, in order: the transcript. */
  persist: (data: string) => void;
  now?: () => number;
}

export class TerminalStream {
  private readonly batcher: OutputBatcher;
  private readonly subscribers = new Map<number, Subscriber>();
  private source: Pausable | null = null;
  private paused = false;
  private ended = false;
  private readonly now: () => number;

  constructor(private readonly opts: TerminalStreamOptions) {
    this.now = opts.now ?? Date.now;
    this.batcher = new OutputBatcher({ onFlush: (data) => this.deliver(data) });
  }

  /** The PTY to pause and resume; set once it is spawned. */
  setSource(source: Pausable): void {
    this.source = source;
    this.updatePause();
  }

  /** Writes earlier output (a saved screen) into the mirror only: not persisted, not sent. */
  seed(data: string): void {
    this.opts.mirror.write(data);
  }

  push(data: string): void {
    if (!this.ended) this.batcher.push(data);
  }

  /** Delivers pending output now (before a resize, at exit). */
  flush(): void {
    this.batcher.flush();
  }

  resize(cols: number, rows: number): void {
    this.batcher.flush();
    this.opts.mirror.resize(cols, rows);
  }

  /** Starts (or restarts) a client's stream: its replay frame, then every later batch. */
  attach(client: StreamClient): void {
    const sub: Subscriber = { client, unacked: 0, state: 'syncing', held: [], overSince: null };
    this.subscribers.set(client.id, sub);
    void this.opts.mirror.snapshot().then((snap) => this.startLive(sub, snap));
  }

  detach(clientId: number): void {
    if (this.subscribers.delete(clientId)) this.updatePause();
  }

  ack(clientId: number, chars: number): void {
    const sub = this.subscribers.get(clientId);
    if (!sub) return;
    sub.unacked = Math.max(0, sub.unacked - chars);
    if (sub.state === 'stalled') {
      // It is reading again: it missed frames, so it gets a fresh replay.
      this.attach(sub.client);
      return;
    }
    this.updatePause();
  }

  /** The run ended: deliver what is left; attached clients keep their stream until they detach. */
  end(): void {
    this.batcher.dispose();
    this.ended = true;
    this.source = null;
  }

  snapshot(): Promise<MirrorSnapshot> {
    return this.opts.mirror.snapshot();
  }

  /** Called when the mirror parsed some characters: it may be what unblocks the PTY. */
  mirrorProgressed(): void {
    if (this.paused) this.updatePause();
  }

  dispose(): void {
    this.end();
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.subscribers.clear();
    this.opts.mirror.dispose();
  }

  /** The clients attached now (to move them to a stream that replaces this one). */
  clients(): StreamClient[] {
    return [...this.subscribers.values()].map((s) => s.client);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private startLive(sub: Subscriber, snap: MirrorSnapshot): void {
    if (this.subscribers.get(sub.client.id) !== sub) return; // detached or re-attached meanwhile
    sub.client.send({ t: 'pty', runId: this.opts.runId, data: snap.data, replay: { cols: snap.cols, rows: snap.rows, truncated: false } });
    sub.unacked += snap.data.length;
    sub.state = 'live';
    for (const data of sub.held) this.sendTo(sub, data);
    sub.held = [];
    this.updatePause();
  }

  private deliver(data: string): void {
    this.opts.mirror.write(data);
    this.opts.persist(data);
    for (const sub of this.subscribers.values()) {
      if (sub.state === 'syncing') sub.held.push(data);
      else if (sub.state === 'live') this.sendTo(sub, data);
    }
    this.updatePause();
  }

  private sendTo(sub: Subscriber, data: string): void {
    sub.client.send({ t: 'pty', runId: this.opts.runId, data });
    sub.unacked += data.length;
  }

  /** Pause above the high watermark, resume below the low one; clients that stall are set aside. */
  private updatePause(): void {
    const now = this.now();
    let over = this.opts.mirror.pendingChars > FlowControl.highWatermarkChars;
    let under = this.opts.mirror.pendingChars <= FlowControl.lowWatermarkChars;
    for (const sub of this.subscribers.values()) {
      if (sub.state === 'stalled') continue;
      if (sub.unacked > FlowControl.highWatermarkChars) {
        sub.overSince ??= now;
        if (now - sub.overSince >= FlowControl.stalledClientMs) {
          sub.state = 'stalled';
          sub.held = [];
          continue;
        }
        over = true;
      } else {
        sub.overSince = null;
      }
      if (sub.unacked > FlowControl.lowWatermarkChars) under = false;
    }
    if (!this.paused && over) {
      this.paused = true;
      this.source?.pause();
      this.armStallCheck();
    } else if (this.paused && under) {
      this.paused = false;
      this.source?.resume();
    }
  }

  private stallTimer: NodeJS.Timeout | null = null;

  /** While paused, re-check after the stall period so a client that never acks cannot hold the PTY forever. */
  private armStallCheck(): void {
    if (this.stallTimer) return;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      if (!this.paused) return;
      this.updatePause();
      if (this.paused) this.armStallCheck();
    }, FlowControl.stalledClientMs);
    this.stallTimer.unref();
  }
}
