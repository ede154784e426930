// One run's output flowing into one xterm: attach, ignore frames until the first `replay` frame,
// reset and paint the replay, then write live frames in order; acknowledge what xterm has parsed
// (flow control) and detach when closed. Terminal bytes go from the frame straight into xterm.
import type { Terminal } from '@xterm/xterm';
import { TERMINAL_COLS, TERMINAL_ROWS } from '../../../shared/contract/limits';
import { RpcError, type RpcClient } from '../../../shared/rpc/client';
import { AckCounter } from './ack-counter';

export interface StreamDeps {
  readonly client: RpcClient;
  readonly reportError: (err: unknown) => void;
  /** Runs `op` after every earlier attach/detach of the same run has settled. */
  readonly serialize: (op: () => Promise<void>) => Promise<void>;
}

export interface StreamHooks {
  /** A replay starts: the terminal was just reset; size it to the PTY's cols x rows. */
  onReplay(size: { cols: number; rows: number }): void;
  /** The replay is parsed and on screen. */
  onPainted(): void;
}

export const isRpcCode = (err: unknown, ...codes: string[]): boolean => err instanceof RpcError && codes.includes(err.code);
const clamp = (n: number, range: { min: number; max: number }): number => Math.min(range.max, Math.max(range.min, Math.round(n)));

export class TerminalStream {
  /** `runs.attach` succeeded, so a `runs.detach` is owed. */
  private attached = false;
  /** A replay frame arrived: live frames may be written. */
  private streaming = false;
  /** The latest replay is parsed. */
  private replayParsed = false;
  private closed = false;
  private readonly acks: AckCounter;
  private readonly offPty: () => void;

  constructor(
    private readonly runId: string,
    private readonly term: Terminal,
    private readonly deps: StreamDeps,
    private readonly hooks: StreamHooks,
  ) {
    this.acks = new AckCounter((chars) => deps.client.ack(runId, chars));
    this.offPty = deps.client.onPty(runId, this.receive);
    this.attach();
  }

  /** What xterm emits now is the user's typing, not its replies to queries inside the replay. */
  get inputEnabled(): boolean {
    return this.replayParsed && !this.closed;
  }

  /** The stream has started (a replay arrived), so the PTY's size may be driven. */
  get started(): boolean {
    return this.streaming && !this.closed;
  }

  /** Stops writing and acknowledging, then detaches (after the attach, if still in flight). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.streaming = false;
    this.offPty();
    this.acks.stop();
    this.deps
      .serialize(async () => {
        if (this.attached) await this.deps.client.call('runs.detach', { runId: this.runId });
      })
      .catch((err: unknown) => {
        if (!isRpcCode(err, 'DISCONNECTED', 'NOT_FOUND')) this.deps.reportError(err);
      });
  }

  private readonly receive = (data: string, replay?: { cols: number; rows: number; truncated: boolean }): void => {
    if (this.closed) return;
    if (replay) {
      this.streaming = true;
      this.replayParsed = false;
      this.acks.restart();
      this.term.reset();
      this.hooks.onReplay({ cols: clamp(replay.cols, TERMINAL_COLS), rows: clamp(replay.rows, TERMINAL_ROWS) });
      const ack = this.acks.track(data.length);
      this.term.write(data, () => {
        ack();
        if (this.closed) return;
        this.replayParsed = true;
        this.hooks.onPainted();
      });
      return;
    }
    // Frames before the first replay belong to an earlier attachment of this run and are already in
    // the replay: the stream promises no gap and no overlap from the replay on.
    if (this.streaming) this.term.write(data, this.acks.track(data.length));
  };

  private attach(): void {
    this.deps
      .serialize(async () => {
        if (this.closed) return;
        await this.deps.client.call('runs.attach', { runId: this.runId });
        this.attached = true;
      })
      .catch((err: unknown) => {
        if (this.closed) return;
        const message = err instanceof Error ? err.message : String(err);
        this.term.write(`\r\n\x1b[2m[could not attach: ${message}]\x1b[0m\r\n`);
        if (!isRpcCode(err, 'DISCONNECTED')) this.deps.reportError(err);
      });
  }
}
