// Flow-control credit for one run's stream: counts the characters xterm has parsed (write
// callbacks) and acknowledges them to the core in batches, so the core can pause a flooding PTY.
import { FlowControl } from '../../../shared/protocol';

export class AckCounter {
  private pending = 0;
  /** Bumped by a replay: parses of frames from before it no longer count. */
  private generation = 0;
  private stopped = false;

  constructor(
    private readonly send: (chars: number) => void,
    /** Characters per acknowledgement (FlowControl.ackEveryChars). */
    private readonly every: number = FlowControl.ackEveryChars,
  ) {}

  /** The write callback for a frame of `chars` characters: call it once xterm has parsed the frame. */
  track(chars: number): () => void {
    const generation = this.generation;
    return () => {
      if (this.stopped || generation !== this.generation) return;
      this.pending += chars;
      if (this.pending < this.every) return;
      const n = this.pending;
      this.pending = 0;
      this.send(n);
    };
  }

  /** A replay restarts the stream: the core has reset its count, so must we. */
  restart(): void {
    this.generation += 1;
    this.pending = 0;
  }

  /** Detached: the core dropped this subscriber, nothing more is acknowledged. */
  stop(): void {
    this.stopped = true;
    this.pending = 0;
  }
}
