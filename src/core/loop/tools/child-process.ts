// Runs one tool child (the model's command, or git for apply_patch/search) with bounds: its own process group,
// a time limit, cancel by AbortSignal, SIGTERM then SIGKILL to the whole group, leftover background processes
// stopped when it exits, and output kept as head + tail. Never throws; no shell of its own (argv only).
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { isProcessGroupAlive } from '../../terminals/process-group';
import { ToolLimits } from '../loop-constants';
import { readSandboxInitPid, stopSandbox, terminateGroup } from './group-stop';

/**
 * Milliseconds to wait for the child's pipes to close after its group is gone. Only a process that escaped the
 * group (setsid) and still holds the pipe keeps them open; we then stop reading instead of waiting for it.
 */
const PIPE_CLOSE_WAIT_MS = 500;

export interface BoundedSpawnOptions {
  file: string;
  args: string[];
  cwd: string;
  /** The child's whole environment (built by buildChildEnv: no API key). */
  env: Record<string, string>;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  input?: string;
  timeoutMs: number;
  signal: AbortSignal;
  killGraceMs?: number;
  /** stdout and stderr, decoded, in arrival order. */
  onOutput?: (text: string) => void;
  /** Kept output budget (see OutputCapture); stdout and stderr are merged. */
  capture: OutputCapture;
  /** Checked after each chunk: true stops the child early without it counting as a failure (a search cap). */
  enough?: () => boolean;
  /**
   * The child is bwrap started with `--info-fd 3`: fd 3 becomes a pipe carrying its sandbox init's pid, and a
   * stop goes through that init (see group-stop.ts) instead of bwrap's own group.
   */
  bwrapInfoFd3?: boolean;
}

export interface BoundedResult {
  /** Exit code, or null when it died from a signal or never started. */
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  /** Stopped by `enough`. */
  stoppedEarly: boolean;
  /** Why it could not be started (e.g. "ENOENT"), else null. */
  spawnError: string | null;
  durationMs: number;
}

/** Keeps the first `headChars` and the last `tailChars` of a stream, and how much was dropped in between. */
export class OutputCapture {
  private head = '';
  private tail = '';
  private total = 0;

  constructor(
    private readonly headChars: number,
    private readonly tailChars: number,
  ) {}

  /** A capture for the model: a quarter of the budget for the start, the rest for the end. */
  static forModel(budget: number = ToolLimits.commandOutputForModelChars): OutputCapture {
    const head = Math.floor(budget / 4);
    return new OutputCapture(head, budget - head);
  }

  push(text: string): void {
    this.total += text.length;
    const roomInHead = this.headChars - this.head.length;
    if (roomInHead > 0) {
      this.head += text.slice(0, roomInHead);
      text = text.slice(roomInHead);
    }
    if (text === '' || this.tailChars === 0) return;
    this.tail = (this.tail + text).slice(-this.tailChars);
  }

  get totalChars(): number {
    return this.total;
  }

  text(): string {
    const omitted = this.total - this.head.length - this.tail.length;
    if (omitted <= 0) return this.head + this.tail;
    return `${this.head}\n[… ${omitted.toLocaleString('en-US')} characters omitted …]\n${this.tail}`;
  }
}

/** Runs the child to its end (or until stopped) and reports how it ended. */
export async function runBounded(opts: BoundedSpawnOptions): Promise<BoundedResult> {
  const started = Date.now();
  const grace = opts.killGraceMs ?? ToolLimits.commandKillGraceMs;
  const result: BoundedResult = { exitCode: null, exitSignal: null, timedOut: false, cancelled: false, stoppedEarly: false, spawnError: null, durationMs: 0 };
  if (opts.signal.aborted) return { ...result, cancelled: true };

  const child = spawn(opts.file, opts.args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe', ...(opts.bwrapInfoFd3 ? (['pipe'] as const) : [])],
    // Its own session and process group, so the whole tree can be signalled and nothing reads our terminal.
    detached: true,
    windowsHide: true,
  });
  const pgid = child.pid;
  const initPid = opts.bwrapInfoFd3 ? readSandboxInitPid(child.stdio[3] as Readable | null) : null;
  let stopping: Promise<void> | null = null;
  const stopGroup = (): Promise<void> => {
    if (pgid === undefined) stopping ??= Promise.resolve();
    else stopping ??= initPid ? stopSandbox(pgid, initPid, grace) : terminateGroup(pgid, grace);
    return stopping;
  };

  const decoders = [new StringDecoder('utf8'), new StringDecoder('utf8')];
  const onText = (text: string): void => {
    if (text === '') return;
    opts.capture.push(text);
    opts.onOutput?.(text);
    if (!result.stoppedEarly && opts.enough?.()) {
      result.stoppedEarly = true;
      void stopGroup();
    }
  };
  const [outDecoder, errDecoder] = decoders as [StringDecoder, StringDecoder];
  child.stdout?.on('data', (chunk: Buffer) => onText(outDecoder.write(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => onText(errDecoder.write(chunk)));
  if (opts.input !== undefined && child.stdin) {
    child.stdin.on('error', () => undefined); // exited before reading it all: its exit code tells the story
    child.stdin.end(opts.input);
  }

  const timer = setTimeout(() => {
    result.timedOut = true;
    void stopGroup();
  }, opts.timeoutMs);
  const onAbort = (): void => {
    result.cancelled = true;
    void stopGroup();
  };
  opts.signal.addEventListener('abort', onAbort, { once: true });

  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const exited = await new Promise<{ code: number | null; signal: NodeJS.Signals | null } | { error: string }>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  opts.signal.removeEventListener('abort', onAbort);

  if ('error' in exited) {
    result.spawnError = exited.error;
  } else {
    result.exitCode = exited.code;
    result.exitSignal = exited.signal;
    // Background processes it left behind (`server &`) are stopped with it.
    if (pgid !== undefined && (await isProcessGroupAlive(pgid))) await stopGroup();
    else if (stopping) await stopping;
  }
  const pipesClosed = await Promise.race([closed.then(() => true), sleep(PIPE_CLOSE_WAIT_MS).then(() => false)]);
  if (!pipesClosed) {
    for (const stream of child.stdio) stream?.destroy();
  }
  for (const decoder of decoders) onText(decoder.end());
  result.durationMs = Date.now() - started;
  return result;
}
