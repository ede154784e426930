// GitRunner: the one place that spawns `git` (argument arrays, never a shell), with safe config,
// a timeout, retry with backoff on lock contention, the version check and per-repository write locks.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { constants as osConstants, tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../shared/errors';
import { buildGitEnv } from './git-env';
import { KeyedMutex } from './keyed-mutex';
import { firstMeaningfulLine, GitExitError, halfWrittenWorktreeOf, heldLockOf, subcommandOf } from './git-output';
import { isSupportedGitVersion, MIN_GIT_VERSION, parseGitVersion, type GitVersion } from './git-version';

export type { GitVersion } from './git-version';

export interface GitRunOptions {
  cwd: string;
  timeoutMs?: number;
  /** Exit codes that are results, not failures (default [0]). */
  allowedExitCodes?: number[];
  /** Read-only polling: `--no-optional-locks`, so git never takes the index lock an agent needs. */
  readOnly?: boolean;
  env?: Record<string, string>;
  /** Written to git's stdin, which is then closed. Without it stdin is /dev/null. */
  input?: string;
}

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface LockRetryOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  budgetMs: number;
}

export interface GitRunnerOptions {
  /** The git executable; a name looked up on PATH or an absolute path (default `git`). */
  gitPath?: string;
  defaultTimeoutMs?: number;
  /** Backoff on lock contention; tests shrink the budget. */
  lockRetry?: Partial<LockRetryOptions>;
  /** The app's environment git's is filtered from (git-env.ts); defaults to process.env at each command. */
  baseEnv?: NodeJS.ProcessEnv;
}

/**
 * Default time limit of one git command, in milliseconds. Two minutes: a worktree checkout of a
 * large repository on a slow disk can take tens of seconds, while a hung git (a credential helper
 * waiting for input, a stuck network filesystem) must not block a run forever.
 */
export const DEFAULT_GIT_TIMEOUT_MS = 120_000;
/** First wait before retrying a command that hit a held lock, in ms: most git writes finish in tens of ms. */
export const LOCK_RETRY_INITIAL_DELAY_MS = 50;
/** Longest single wait between lock retries, in ms; the wait doubles from the initial delay up to this. */
export const LOCK_RETRY_MAX_DELAY_MS = 2_000;
/**
 * Total time spent retrying a held lock before reporting REPO_BUSY, in ms. About ten seconds
 * outlasts a checkout or commit of another process but lets a stale lock surface to the user soon.
 */
export const LOCK_RETRY_BUDGET_MS = 10_000;
/**
 * Random spread added to each lock-retry wait, as a fraction of the wait (0.25 = up to +25 %), so
 * concurrent callers that collided once do not retry in lockstep.
 */
export const LOCK_RETRY_JITTER = 0.25;
/**
 * After a timeout, how long git gets to exit on SIGTERM before SIGKILL, in ms. SIGTERM lets git
 * remove its own lock files; SIGKILL would leave a stale `index.lock` behind.
 */
export const KILL_GRACE_MS = 2_000;
/**
 * Most bytes of stdout (and, separately, stderr) kept from one git command. 64 MiB holds any diff
 * a person could review; beyond it the command is killed instead of exhausting memory.
 */
export const MAX_GIT_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Config applied to every command: repository hooks never run from app plumbing, no fsmonitor daemon, no auto-gc. */
const SAFE_CONFIG = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'gc.auto=0'];

export class GitRunner {
  private readonly gitPath: string;
  private readonly defaultTimeoutMs: number;
  private readonly retry: LockRetryOptions;
  private readonly baseEnv: NodeJS.ProcessEnv | undefined;
  private readonly locks = new KeyedMutex();
  private versionPromise: Promise<GitVersion> | null = null;

  constructor(opts: GitRunnerOptions = {}) {
    this.gitPath = opts.gitPath ?? 'git';
    this.defaultTimeoutMs = opts.defaultTimeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
    this.baseEnv = opts.baseEnv;
    this.retry = {
      initialDelayMs: opts.lockRetry?.initialDelayMs ?? LOCK_RETRY_INITIAL_DELAY_MS,
      maxDelayMs: opts.lockRetry?.maxDelayMs ?? LOCK_RETRY_MAX_DELAY_MS,
      budgetMs: opts.lockRetry?.budgetMs ?? LOCK_RETRY_BUDGET_MS,
    };
  }

  /**
   * Runs `git <args>`; resolves for allowed exit codes. Retries with backoff while another git
   * process holds a lock (then REPO_BUSY) or a concurrent `worktree add` is half-written; any other
   * failure is GIT_FAILED with git's reason.
   */
  async run(args: string[], opts: GitRunOptions): Promise<GitResult> {
    const allowed = opts.allowedExitCodes ?? [0];
    const subcommand = subcommandOf(args);
    const started = Date.now();
    let delay = this.retry.initialDelayMs;
    for (;;) {
      const result = await this.runOnce(args, opts, subcommand);
      if (allowed.includes(result.code)) return result;
      const cause = new GitExitError(subcommand, result.code, result.stderr);
      const line = firstMeaningfulLine(result.stderr) ?? `exited with code ${result.code}`;
      const failed = new AppError('GIT_FAILED', `git ${subcommand}: ${line}`, { cause });
      const lock = heldLockOf(result.stderr);
      if (lock === null && halfWrittenWorktreeOf(result.stderr) === null) throw failed;
      const wait = Math.round(delay * (1 + Math.random() * LOCK_RETRY_JITTER));
      if (Date.now() - started + wait > this.retry.budgetMs) {
        if (lock === null) throw failed;
        throw new AppError('REPO_BUSY', `The repository is busy: ${lock} is held by another git process. Try again when it finishes.`, { cause });
      }
      await sleep(wait);
      delay = Math.min(delay * 2, this.retry.maxDelayMs);
    }
  }

  /** The installed git's version, read once and cached. */
  version(): Promise<GitVersion> {
    this.versionPromise ??= this.readVersion().catch((err: unknown) => {
      this.versionPromise = null;
      throw err;
    });
    return this.versionPromise;
  }

  /** Throws GIT_TOO_OLD below the minimum version; returns the version text. */
  async assertSupported(): Promise<string> {
    const v = await this.version();
    if (!isSupportedGitVersion(v)) {
      throw new AppError('GIT_TOO_OLD', `Switchyard needs git ${MIN_GIT_VERSION.major}.${MIN_GIT_VERSION.minor} or newer; this machine has ${v.text}.`);
    }
    return v.text;
  }

  /** Runs fn while holding the key's lock (FIFO); different keys run concurrently. Released on throw. */
  withRepoLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(key, fn);
  }

  private async readVersion(): Promise<GitVersion> {
    const { stdout } = await this.run(['--version'], { cwd: tmpdir(), readOnly: true });
    const parsed = parseGitVersion(stdout);
    if (!parsed) throw new AppError('GIT_FAILED', `Could not read the git version from "${stdout.trim().slice(0, 100)}".`);
    return parsed;
  }

  private runOnce(args: string[], opts: GitRunOptions, subcommand: string): Promise<GitResult> {
    const fullArgs = [...SAFE_CONFIG, ...(opts.readOnly ? ['--no-optional-locks'] : []), ...args];
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    const usesGroup = process.platform !== 'win32';
    return new Promise<GitResult>((resolve, reject) => {
      const child = spawn(this.gitPath, fullArgs, {
        cwd: opts.cwd,
        env: gitCommandEnv(this.baseEnv ?? process.env, opts),
        stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        // Its own process group, so a timeout also stops the git subprocesses it started.
        detached: usesGroup,
        windowsHide: true,
      });
      const stdout = new OutputBuffer();
      const stderr = new OutputBuffer();
      let failure: AppError | null = null;
      let settled = false;
      let killTimer: NodeJS.Timeout | undefined;

      const signal = (sig: NodeJS.Signals): void => {
        try {
          if (usesGroup && child.pid !== undefined) process.kill(-child.pid, sig);
          else child.kill(sig);
        } catch {
          // Already gone.
        }
      };
      const stop = (err: AppError): void => {
        if (failure) return;
        failure = err;
        signal('SIGTERM');
        killTimer = setTimeout(() => signal('SIGKILL'), KILL_GRACE_MS);
      };
      const timer = setTimeout(() => {
        stop(new AppError('GIT_FAILED', `git ${subcommand} timed out after ${formatSeconds(timeoutMs)} s.`));
      }, timeoutMs);
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(killTimer);
        fn();
      };
      const collect = (buf: OutputBuffer) => (chunk: Buffer) => {
        if (!buf.push(chunk)) stop(new AppError('LIMIT_EXCEEDED', `git ${subcommand} produced more than ${MAX_GIT_OUTPUT_BYTES / 1024 / 1024} MiB of output.`));
      };
      child.stdout?.on('data', collect(stdout));
      child.stderr?.on('data', collect(stderr));
      child.on('error', (err: NodeJS.ErrnoException) => {
        finish(() => void spawnError(err, this.gitPath, opts.cwd).then(reject));
      });
      child.on('close', (code, sig) => {
        finish(() => {
          if (failure) return reject(failure);
          const exitCode = code ?? 128 + (sig ? (osConstants.signals[sig] ?? 0) : 0);
          resolve({ stdout: stdout.text(), stderr: stderr.text(), code: exitCode });
        });
      });
      if (opts.input !== undefined && child.stdin) {
        child.stdin.on('error', () => {
          // git exited before reading all input; its exit code tells the story.
        });
        child.stdin.end(opts.input);
      }
    });
  }
}

/** The allowlisted environment (no secrets, nothing that points git elsewhere), the command's own, then what the runner forces. */
export function gitCommandEnv(base: NodeJS.ProcessEnv, opts: Pick<GitRunOptions, 'env' | 'readOnly'>): Record<string, string> {
  return buildGitEnv(base, opts.env, { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...(opts.readOnly ? { GIT_OPTIONAL_LOCKS: '0' } : {}) });
}

/** Turns a failure to start git into the error a user can act on. */
async function spawnError(err: NodeJS.ErrnoException, gitPath: string, cwd: string): Promise<AppError> {
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
    // Node reports a missing working directory as ENOENT too; tell the two apart.
    const cwdExists = await stat(cwd).then((s) => s.isDirectory(), () => false);
    if (!cwdExists) return new AppError('PATH_NOT_FOUND', `No folder at ${cwd}.`, { cause: err });
    return new AppError('GIT_MISSING', 'Git is not installed or not on PATH. Install git 2.38 or newer.', { cause: err });
  }
  if (err.code === 'EACCES') {
    return new AppError('GIT_MISSING', `Git at ${gitPath} cannot be run (permission denied). Install git 2.38 or newer.`, { cause: err });
  }
  return new AppError('GIT_FAILED', `Could not start git: ${err.message}`, { cause: err });
}

function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/** Collects a stream's chunks up to MAX_GIT_OUTPUT_BYTES; decodes once so UTF-8 is never split. */
class OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  push(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > MAX_GIT_OUTPUT_BYTES) return false;
    this.chunks.push(chunk);
    return true;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
