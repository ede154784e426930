// Flow-control credit for one run's stream: counts the characters xterm has parsed (write
// callbacks) and acknowledges them to the core in batches, so the core can pause a flooding PTY.
// A batch goes out once FlowControl.ackEveryChars are parsed, or once xterm has caught up with
// everything it was given: at once if that is FlowControl.ackPromptlyChars or more (the core may
// be holding the PTY paused for it: its smallest window is larger), else a little later
// (FlowControl.ackDelayMs), so a run printing small frames costs one message per few frames
// instead of one each. The RPC client then sends the credits of every run in one frame per moment
// (shared/rpc/ack-batch.ts, FlowControl.ackCoalesceMs).
import { FlowControl } from '../../../shared/protocol';

export interface AckTuning {
  readonly every: number;
  readonly promptly: number;
  readonly delayMs: number;
}

const DEFAULT_TUNING: AckTuning = { every: FlowControl.ackEveryChars, promptly: FlowControl.ackPromptlyChars, delayMs: FlowControl.ackDelayMs };

export class AckCounter {
  private pending = 0;
  /** Frames tracked and not parsed yet, in this generation. */
  private outstanding = 0;
  /** Bumped by a replay: parses of frames from before it no longer count. */
  private generation = 0;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly tuning: AckTuning;

  constructor(
    private readonly send: (chars: number) => void,
    tuning: Partial<AckTuning> = {},
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
  }

  /** The write callback for a frame of `chars` characters: call it once xterm has parsed the frame. */
  track(chars: number): () => void {
    const generation = this.generation;
    this.outstanding += 1;
    return () => {
      if (this.stopped || generation !== this.generation) return;
      this.outstanding -= 1;
      this.pending += chars;
      if (this.pending >= this.tuning.every || (this.outstanding === 0 && this.pending >= this.tuning.promptly)) this.flush();
      else if (this.outstanding === 0) this.timer ??= setTimeout(this.flush, this.tuning.delayMs);
    };
  }

  /** A replay restarts the stream: the core has reset its count, so must we. */
  restart(): void {
    this.generation += 1;
    this.pending = 0;
    this.outstanding = 0;
    this.cancel();
  }

  /** Detached: the core dropped this subscriber, nothing more is acknowledged. */
  stop(): void {
    this.stopped = true;
    this.pending = 0;
    this.cancel();
  }

  private readonly flush = (): void => {
    this.cancel();
    const n = this.pending;
    this.pending = 0;
    if (n > 0 && !this.stopped) this.send(n);
  };

  private cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
