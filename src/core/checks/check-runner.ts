// Runs the commands of `.switchyard.json` in a run's worktree, each in its own PTY (so tools print
// as they do in a terminal and the user can watch live), with a time limit, streaming output to a
// callback and keeping a capped tail of it for the result. Knows nothing about the database.
import { AppError } from '../../shared/errors';
import { buildChildEnv } from '../agents/child-env';
import { type PtyExit, type PtyHost, type PtySession } from '../terminals/pty-host';
import { type PortBlock, portEnv } from './port-blocks';
import { type CheckSpec, type CommandSpec, type SwitchyardConfig } from './switchyard-config';

export type CheckStatus = 'passed' | 'failed' | 'timed-out' | 'cancelled' | 'error';

export interface CheckResult {
  name: string;
  command: string;
  status: CheckStatus;
  /** The command's exit code; null when it did not start or was ended by a signal. */
  exitCode: number | null;
  /** Signal number that ended the command, or null. */
  signal: number | null;
  durationMs: number;
  /** The last OUTPUT_CAP_CHARS of output (what a failing test prints last matters most). */
  output: string;
  /** Characters of output dropped from the front to respect the cap. */
  droppedChars: number;
  startedAt: number;
  finishedAt: number;
}

export interface CheckRunOptions {
  /** The run's worktree. */
  cwd: string;
  /** The child's whole environment: see checkEnv. */
  env: Record<string, string>;
  /** Every chunk of output as it arrives (whole UTF-8 characters). */
  onOutput?: (data: string) => void;
  /** Called with the live PTY right after it starts, e.g. to attach it to a terminal view. */
  onSpawn?: (session: PtySession) => void;
  /** Aborting stops the command; its result is `cancelled`. */
  signal?: AbortSignal;
  outputCapChars?: number;
  cols?: number;
  rows?: number;
  /** Rewrites the launch, e.g. to run it inside the same sandbox as the agent. Default: as is. */
  wrap?: (launch: { file: string; args: string[] }) => { file: string; args: string[] };
}

/**
 * Characters of output kept per command, in UTF-16 code units: 256 Ki holds a few thousand lines
 * of test-runner output, ample for the failure summary, and keeps a results row small.
 */
export const OUTPUT_CAP_CHARS = 256 * 1024;
/** The shell commands run with: POSIX sh, at its standard path on every supported platform. */
export const SHELL = '/bin/sh';
/** PTY width of a check, in columns: wide enough that test reporters do not wrap their tables. */
export const CHECK_COLS = 120;
/** PTY height of a check, in rows: a typical terminal window, for tools that size progress output to it. */
export const CHECK_ROWS = 32;

/**
 * The environment of every command: the allowlisted app environment (agents/child-env), `CI=true`
 * (test runners such as vitest or jest then run once instead of entering watch mode in a TTY),
 * the config's `env` (which may override CI), then the run's ports and id, which nothing overrides.
 */
export function checkEnv(base: NodeJS.ProcessEnv, config: Pick<SwitchyardConfig, 'env'>, run: { ports: PortBlock; runId?: string }): Record<string, string> {
  return buildChildEnv(base, {
    CI: 'true',
    ...config.env,
    ...portEnv(run.ports),
    ...(run.runId ? { SWITCHYARD_RUN_ID: run.runId } : {}),
  });
}

/** Runs one command in a new PTY and resolves with its result; never rejects. */
export async function runCheck(host: PtyHost, spec: CheckSpec, opts: CheckRunOptions): Promise<CheckResult> {
  const startedAt = Date.now();
  const started = performance.now();
  const tail = new OutputTail(opts.outputCapChars ?? OUTPUT_CAP_CHARS);
  const finish = (status: CheckStatus, exit: PtyExit | null): CheckResult => ({
    name: spec.name,
    command: spec.command,
    status,
    exitCode: exit && exit.signal === null ? exit.exitCode : null,
    signal: exit?.signal ?? null,
    durationMs: Math.round(performance.now() - started),
    output: tail.text(),
    droppedChars: tail.dropped,
    startedAt,
    finishedAt: Date.now(),
  });
  if (opts.signal?.aborted) return finish('cancelled', null);

  const launch = (opts.wrap ?? ((l) => l))({ file: SHELL, args: ['-c', spec.command] });
  let session: PtySession;
  try {
    session = await host.spawn({ ...launch, cwd: opts.cwd, env: opts.env, cols: opts.cols ?? CHECK_COLS, rows: opts.rows ?? CHECK_ROWS });
  } catch (err) {
    const reason = err instanceof AppError ? err.message : `Could not start the command: ${err instanceof Error ? err.message : String(err)}`;
    tail.push(reason);
    return finish('error', null);
  }
  session.onData((data) => {
    tail.push(data);
    opts.onOutput?.(data);
  });
  const exited = new Promise<PtyExit>((resolve) => session.onExit(resolve));
  opts.onSpawn?.(session);

  let ending: 'timed-out' | 'cancelled' | null = null;
  const end = (why: 'timed-out' | 'cancelled'): void => {
    ending ??= why;
    void session.stop();
  };
  const timer = setTimeout(() => end('timed-out'), spec.timeoutMs);
  const onAbort = (): void => end('cancelled');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const exit = await exited;
    // Whatever the command left running in its process group (a dev server it started) ends too.
    await session.stop();
    if (ending) return finish(ending, exit);
    return finish(exit.exitCode === 0 && exit.signal === null ? 'passed' : 'failed', exit);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Runs the checks one after another (they may share build output), reporting each result as it lands. */
export async function runChecks(host: PtyHost, checks: CheckSpec[], opts: CheckRunOptions & { onResult?: (r: CheckResult) => void }): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const result = await runCheck(host, check, opts);
    results.push(result);
    opts.onResult?.(result);
  }
  return results;
}

/**
 * Runs setup or teardown commands in order, named `setup 1`, `setup 2`, …. Setup stops at the
 * first command that does not pass (later steps depend on it); teardown runs every command.
 */
export async function runSteps(host: PtyHost, kind: 'setup' | 'teardown', steps: CommandSpec[], opts: CheckRunOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [i, step] of steps.entries()) {
    const result = await runCheck(host, { ...step, name: `${kind} ${i + 1}` }, opts);
    results.push(result);
    if (kind === 'setup' && result.status !== 'passed') break;
  }
  return results;
}

/** Keeps the last `cap` characters pushed, compacting only now and then so each push stays cheap. */
export class OutputTail {
  readonly #cap: number;
  #chunks: string[] = [];
  #length = 0;
  #dropped = 0;

  constructor(cap: number) {
    this.#cap = cap;
  }

  get dropped(): number {
    return this.#dropped + Math.max(0, this.#length - this.#cap);
  }

  push(data: string): void {
    this.#chunks.push(data);
    this.#length += data.length;
    if (this.#length > this.#cap * 2) this.#compact();
  }

  text(): string {
    this.#compact();
    const body = this.#chunks.join('');
    return this.#dropped > 0 ? `[… ${this.#dropped} earlier characters not kept …]\r\n${body}` : body;
  }

  #compact(): void {
    if (this.#length <= this.#cap) return;
    const joined = this.#chunks.join('');
    let from = joined.length - this.#cap;
    // Never start on the second half of a surrogate pair: that would be a broken character.
    const first = joined.charCodeAt(from);
    if (first >= 0xdc00 && first <= 0xdfff) from++;
    this.#dropped += from;
    const kept = joined.slice(from);
    this.#chunks = [kept];
    this.#length = kept.length;
  }
}
