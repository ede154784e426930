// One run's terminal output on its way out: batches it, feeds the headless mirror and the transcript,
// and streams it to every attached client with a replay first and credit-based flow control, each
// client's window taken from its share of a per-client budget (client-windows.ts).
// Owns the subscribers of one run; knows nothing of git, runs' status or the database.
import type { Frame } from '../../shared/protocol';
import { ClientWindows } from './client-windows';
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
  /** Subscribes to input written to the program (a PTY has it); returns the unsubscribe function. */
  onInput?(listener: () => void): () => void;
}

interface Subscriber {
  client: StreamClient;
  /** Characters sent and not yet acknowledged: never more than its window, but for a replay. */
  unacked: number;
  /** 'syncing': waiting for its replay, frames are held; 'stalled': set aside until it acknowledges. */
  state: 'syncing' | 'live' | 'stalled';
  /** Output not sent yet, in order: while syncing, or while its window is full (the PTY is paused then). */
  held: string[];
  heldChars: number;
  /** When its window filled up (ms), for stall detection. */
  overSince: number | null;
}

export interface TerminalStreamOptions {
  runId: string;
  mirror: TerminalMirror;
  /** Every batch, in order: the transcript. */
  persist: (data: string) => void;
  /** The windows of every stream of the core, so a client's windows share its budget; a private one if absent. */
  windows?: ClientWindows;
  now?: () => number;
}

export class TerminalStream {
  private readonly batcher: OutputBatcher;
  private readonly subscribers = new Map<number, Subscriber>();
  private source: Pausable | null = null;
  private offInput: (() => void) | null = null;
  private paused = false;
  private ended = false;
  private readonly now: () => number;
  private readonly windows: ClientWindows;

  constructor(private readonly opts: TerminalStreamOptions) {
    this.now = opts.now ?? Date.now;
    this.windows = opts.windows ?? new ClientWindows();
    this.batcher = new OutputBatcher({ onFlush: (data) => this.deliver(data) });
  }

  /** The PTY to pause and resume; set once it is spawned. Input to it makes the next batch a quick one. */
  setSource(source: Pausable): void {
    this.offInput?.();
    this.source = source;
    // Someone typed: what the program answers (an echo, a prompt after Ctrl-C) goes out at the short
    // interval even while the run floods.
    this.offInput = source.onInput?.(() => this.batcher.quicken()) ?? null;
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
    const sub: Subscriber = { client, unacked: 0, state: 'syncing', held: [], heldChars: 0, overSince: null };
    this.subscribers.set(client.id, sub);
    this.windows.subscribe(client.id, this.opts.runId);
    void this.opts.mirror.snapshot().then((snap) => this.startLive(sub, snap));
  }

  detach(clientId: number): void {
    if (!this.subscribers.delete(clientId)) return;
    this.windows.unsubscribe(clientId, this.opts.runId);
    this.updatePause();
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
    if (sub.state === 'live') this.sendHeld(sub);
    this.updatePause();
  }

  /** The run ended: deliver what is left; attached clients keep their stream until they detach. */
  end(): void {
    this.batcher.dispose();
    this.ended = true;
    this.offInput?.();
    this.offInput = null;
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
    for (const id of this.subscribers.keys()) this.windows.unsubscribe(id, this.opts.runId);
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
    this.sendHeld(sub);
    this.updatePause();
  }

  private deliver(data: string): void {
    this.opts.mirror.write(data);
    this.opts.persist(data);
    for (const sub of this.subscribers.values()) {
      if (sub.state === 'stalled') continue;
      sub.held.push(data);
      sub.heldChars += data.length;
      if (sub.state === 'live') this.sendHeld(sub);
    }
    this.updatePause();
  }

  /**
   * Sends what is held, in order, as far as the client's window allows, as one frame: batches held
   * while the window was full go out joined, since every frame costs the window a message, a parse
   * call and a timer task whatever its size. A batch that does not fit is cut (never inside a surrogate
   * pair) and the rest waits for acknowledgements. So a client never holds more than its window (a
   * replay aside), and what it has not been sent stays here, bounded: the PTY is paused while anything
   * is held.
   */
  private sendHeld(sub: Subscriber): void {
    let room = this.windows.highWatermark(sub.client.id) - sub.unacked;
    const parts: string[] = [];
    let sent = 0;
    while (sub.held.length > 0 && room > 0) {
      const data = sub.held[0] as string;
      let n = Math.min(room, data.length);
      if (n < data.length && isHighSurrogate(data.charCodeAt(n - 1))) n -= 1;
      if (n <= 0) break;
      if (n === data.length) {
        parts.push(data);
        sub.held.shift();
      } else {
        parts.push(data.slice(0, n));
        sub.held[0] = data.slice(n);
      }
      room -= n;
      sent += n;
    }
    if (sent === 0) return;
    sub.heldChars -= sent;
    sub.unacked += sent;
    sub.client.send({ t: 'pty', runId: this.opts.runId, data: parts.length === 1 ? (parts[0] as string) : parts.join('') });
  }

  /**
   * Pause while a client's window is full (output held for it) or the mirror is behind; resume once every
   * client is back below the low watermark with nothing held. A client whose window stays full too long
   * is set aside (stalled).
   */
  private updatePause(): void {
    const now = this.now();
    let over = this.opts.mirror.pendingChars > FlowControl.highWatermarkChars;
    let under = this.opts.mirror.pendingChars <= FlowControl.lowWatermarkChars;
    for (const sub of this.subscribers.values()) {
      if (sub.state === 'stalled') continue;
      const full = sub.state === 'live' && (sub.heldChars > 0 || sub.unacked >= this.windows.highWatermark(sub.client.id));
      if (full) {
        sub.overSince ??= now;
        if (now - sub.overSince >= FlowControl.stalledClientMs) {
          sub.state = 'stalled';
          sub.held = [];
          sub.heldChars = 0;
          continue;
        }
        over = true;
      } else {
        sub.overSince = null;
      }
      if (sub.unacked > FlowControl.lowWatermarkChars || sub.heldChars > 0) under = false;
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

/** A UTF-16 high surrogate: cutting after it would split a character in two. */
function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
