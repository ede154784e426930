// One live node-pty process: its output and exit events, input, resize, and stopping its process group.
// Knows nothing about agents, git, batching or transports; it signals only its own process group.
import { setTimeout as delay } from 'node:timers/promises';
import type { IPty } from 'node-pty';
import { AppError } from '../../shared/errors';
import { isProcessGroupAlive, signalProcessGroup } from './process-group';
import { type PtyShutdown } from './terminal-constants';
import { Utf8Splitter } from './utf8-splitter';

/** How a PTY child ended: its exit code, and the signal number that killed it (null when it exited normally). */
export interface PtyExit {
  exitCode: number;
  signal: number | null;
}

/**
 * A process running in a pseudo-terminal. Attach listeners right after spawn() resolves: output is not
 * buffered for late listeners. onExit fires once, after every chunk node-pty delivered has gone to onData.
 */
export interface PtySession {
  /** The child's pid; it is also its process group id and session id (node-pty calls setsid). */
  readonly pid: number;
  /** True once onExit has fired. */
  readonly exited: boolean;
  /** Sends input to the child. Ignored once the child has exited. */
  write(data: string): void;
  /** Changes the terminal size (the child gets SIGWINCH). Ignored once the child has exited. */
  resize(cols: number, rows: number): void;
  /** Stops reading the child's output (flow control): the child blocks once the kernel's PTY buffer fills. */
  pause(): void;
  /** Reads the child's output again after pause(). */
  resume(): void;
  /** Bytes of output read from the PTY so far. */
  readonly bytesRead: number;
  /**
   * SIGHUP and SIGTERM to the whole process group, SIGKILL after a grace period to whatever is left, and resolves once the
   * child has exited and the group is empty (or the kill wait ran out). Idempotent: every call returns the same
   * promise. Called after a natural exit, it still ends members the child left running in its group.
   */
  stop(): Promise<void>;
  /** Subscribes to output (whole UTF-8 characters). Returns the unsubscribe function. */
  onData(listener: (data: string) => void): () => void;
  /** Subscribes to the exit; a listener added after the exit is called on the next microtask. Returns the unsubscribe function. */
  onExit(listener: (exit: PtyExit) => void): () => void;
  /** Subscribes to input: called after write() handed data to the child. Returns the unsubscribe function. */
  onInput(listener: () => void): () => void;
}

export type PtySessionTiming = { -readonly [K in keyof typeof PtyShutdown]: number };

/** The node-pty implementation of PtySession. Built by PtyHost only. */
export class NodePtySession implements PtySession {
  readonly pid: number;
  readonly #pty: IPty;
  readonly #timing: PtySessionTiming;
  readonly #dataListeners = new Set<(data: string) => void>();
  readonly #exitListeners = new Set<(exit: PtyExit) => void>();
  readonly #inputListeners = new Set<() => void>();
  /** Set when node-pty reports the exit (the leader has been reaped); onExit fires after the linger. */
  #reportedExit: PtyExit | null = null;
  /** Set when onExit has fired. */
  #exit: PtyExit | null = null;
  #lingerTimer: NodeJS.Timeout | null = null;
  #stopping: Promise<void> | null = null;
  readonly #exitedPromise: Promise<void>;
  #resolveExited: () => void = () => {};
  readonly #splitter = new Utf8Splitter();
  #paused = false;
  /** The child has been reaped while paused: output is drained from then on, never paused again. */
  #childGone = false;
  #exitWatch: NodeJS.Timeout | null = null;

  constructor(pty: IPty, timing: PtySessionTiming) {
    this.#pty = pty;
    this.pid = pty.pid;
    this.#timing = timing;
    this.#exitedPromise = new Promise((resolve) => (this.#resolveExited = resolve));
    // Spawned with encoding null, node-pty hands over Buffers (its typings say string).
    pty.onData((data) => this.#handleData(this.#splitter.push(data as unknown as Uint8Array)));
    pty.onExit((e) => this.#handleReportedExit({ exitCode: e.exitCode, signal: e.signal ? e.signal : null }));
  }

  get exited(): boolean {
    return this.#exit !== null;
  }

  get bytesRead(): number {
    return this.#splitter.bytes;
  }

  pause(): void {
    if (this.#paused || this.#reportedExit !== null || this.#childGone) return;
    this.#paused = true;
    this.#pty.pause();
    this.#watchForExitWhilePaused();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#pty.resume();
  }

  /**
   * While paused, the child may write its last bytes into the kernel's buffer and exit; node-pty then
   * destroys the undrained socket 200 ms after reaping it (see PtyShutdown.pausedExitPollMs). So poll:
   * once the child is gone, resume for good and drain what it left.
   */
  #watchForExitWhilePaused(): void {
    if (this.#exitWatch !== null) return;
    this.#exitWatch = setInterval(() => {
      if (!this.#paused || this.#childGone) {
        this.#stopExitWatch();
        return;
      }
      if (!isPidAlive(this.pid)) {
        this.#childGone = true;
        this.#stopExitWatch();
        this.resume();
      }
    }, this.#timing.pausedExitPollMs);
    this.#exitWatch.unref();
  }

  #stopExitWatch(): void {
    if (this.#exitWatch !== null) clearInterval(this.#exitWatch);
    this.#exitWatch = null;
  }

  write(data: string): void {
    if (this.#reportedExit !== null || data.length === 0) return;
    this.#pty.write(data);
    emitAll(this.#inputListeners, undefined);
  }

  resize(cols: number, rows: number): void {
    if (this.#reportedExit !== null) return;
    assertTerminalSize(cols, rows);
    try {
      this.#pty.resize(cols, rows);
    } catch {
      // With valid sizes node-pty throws only when the PTY descriptor is already closed, i.e. the child is exiting.
    }
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#terminate();
    return this.#stopping;
  }

  onData(listener: (data: string) => void): () => void {
    if (this.#exit !== null) return () => {};
    this.#dataListeners.add(listener);
    return () => this.#dataListeners.delete(listener);
  }

  onExit(listener: (exit: PtyExit) => void): () => void {
    const exit = this.#exit;
    if (exit !== null) {
      let isCancelled = false;
      queueMicrotask(() => isCancelled || listener(exit));
      return () => (isCancelled = true);
    }
    this.#exitListeners.add(listener);
    return () => this.#exitListeners.delete(listener);
  }

  onInput(listener: () => void): () => void {
    this.#inputListeners.add(listener);
    return () => this.#inputListeners.delete(listener);
  }

  #handleData(data: string): void {
    if (this.#lingerTimer !== null) this.#armExitLinger();
    if (data.length > 0) emitAll(this.#dataListeners, data);
  }

  #handleReportedExit(exit: PtyExit): void {
    if (this.#reportedExit !== null) return;
    this.#reportedExit = exit;
    this.#stopExitWatch();
    // A paused reader would leave the child's last output in the kernel buffer: drain it (bounded by that buffer).
    if (this.#paused) {
      this.#paused = false;
      this.#pty.resume();
    }
    this.#armExitLinger();
  }

  /** (Re)starts the quiet period after the reported exit; onExit fires when no output arrived for exitLingerMs. */
  #armExitLinger(): void {
    if (this.#lingerTimer !== null) clearTimeout(this.#lingerTimer);
    this.#lingerTimer = setTimeout(() => this.#emitExit(), this.#timing.exitLingerMs);
  }

  #emitExit(): void {
    const exit = this.#reportedExit;
    if (exit === null || this.#exit !== null) return;
    this.#lingerTimer = null;
    const rest = this.#splitter.end();
    if (rest.length > 0) emitAll(this.#dataListeners, rest);
    this.#exit = exit;
    this.#resolveExited();
    const listeners = [...this.#exitListeners];
    this.#exitListeners.clear();
    this.#dataListeners.clear();
    this.#inputListeners.clear();
    emitAll(listeners, exit);
  }

  async #terminate(): Promise<void> {
    if (await this.#isSettled()) return;
    // SIGHUP first, as a closing terminal does: interactive shells ignore SIGTERM but exit on SIGHUP
    // (and pass it on to their jobs); SIGTERM then reaches programs that handle only that.
    await this.#signal('SIGHUP');
    await this.#signal('SIGTERM');
    if (await this.#waitSettled(this.#timing.stopGraceMs)) return;
    await this.#signal('SIGKILL');
    await this.#waitSettled(this.#timing.killWaitMs);
  }

  /** Settled = onExit has fired and no live process is left in the group. */
  async #isSettled(): Promise<boolean> {
    return this.#exit !== null && !(await isProcessGroupAlive(this.pid));
  }

  /**
   * Signals the group only while its number is provably ours: the leader is not yet reaped, or the group still
   * has live members (the kernel does not reuse a pid that is still some group's id). See reliability.md §6.1.
   */
  async #signal(signal: NodeJS.Signals): Promise<void> {
    if (this.#reportedExit === null || (await isProcessGroupAlive(this.pid))) signalProcessGroup(this.pid, signal);
  }

  async #waitSettled(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.#isSettled()) return true;
      const leftMs = deadline - Date.now();
      if (leftMs <= 0) return false;
      const tick = delay(Math.min(this.#timing.groupPollMs, leftMs));
      await (this.#exit === null ? Promise.race([this.#exitedPromise, tick]) : tick);
    }
  }
}

/** Throws INVALID_INPUT unless both are whole numbers from 1 to 65535 (the range of struct winsize). */
export function assertTerminalSize(cols: number, rows: number): void {
  const isValid = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 0xffff;
  if (!isValid(cols) || !isValid(rows)) {
    throw new AppError('INVALID_INPUT', 'A terminal size must be a whole number of columns and rows, from 1 to 65535.');
  }
}

/** Calls every listener even if one throws; rethrows the first error afterwards so it is not hidden. */
function emitAll<T>(listeners: Iterable<(value: T) => void>, value: T): void {
  const errors: unknown[] = [];
  for (const listener of [...listeners]) {
    try {
      listener(value);
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length > 0) throw errors[0];
}

/** True while a process with this pid exists (a zombie counts: it has not been reaped yet). */
function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
