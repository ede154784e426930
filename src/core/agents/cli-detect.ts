// Finds which agent CLIs are installed: resolves each binary on the PATH the runs will get (no shell), runs
// `<bin> --version` with a timeout, and reads a version number out of what it prints. A CLI that is missing,
// hangs or fails is reported unavailable with how to install it.
//
// Caching: results are kept per (definition id, PATH) for DETECTION_CACHE_MS (default 60 s), so opening the
// profile list repeatedly does not start seven processes each time, while installing a CLI shows up within a
// minute (or at once with { force: true }). Concurrent callers share one probe per CLI.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolveExecutable } from '../terminals/resolve-executable';
import { buildChildEnv } from './child-env';
import type { CliDefinition, CliId } from './cli-catalog';

export const DETECTION_CACHE_MS = 60_000;
/** How long `--version` may take; Node-based CLIs can take a few seconds on a cold start. */
export const VERSION_TIMEOUT_MS = 8_000;
/** Output kept from `--version`; anything after is ignored. */
const MAX_VERSION_OUTPUT = 16 * 1024;

export type CliAvailability =
  | { available: true; path: string; version: string | null; versionOutput: string }
  | { available: false; reason: 'not-found' | 'timeout' | 'failed'; message: string; path?: string };

export type CliDetection = CliAvailability & {
  id: CliId;
  name: string;
  installHint: string;
  docsUrl: string;
};

export interface DetectOptions {
  /** The environment runs get (its PATH decides what is found); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Ignore cached results. */
  force?: boolean;
  now?: () => number;
}

interface CacheEntry {
  at: number;
  result: Promise<CliDetection>;
}

const cache = new Map<string, CacheEntry>();

/** Forgets every cached detection (tests, or after the user changed PATH in settings). */
export function clearCliDetectionCache(): void {
  cache.clear();
}

/** Detects every definition in parallel; the result keeps the order of `defs`. */
export async function detectClis(defs: readonly CliDefinition[], options: DetectOptions = {}): Promise<CliDetection[]> {
  return Promise.all(defs.map((def) => detectCli(def, options)));
}

export async function detectCli(def: CliDefinition, options: DetectOptions = {}): Promise<CliDetection> {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const key = `${def.id}\u0000${env.PATH ?? ''}`;
  const cached = cache.get(key);
  if (!options.force && cached && now() - cached.at < DETECTION_CACHE_MS) return cached.result;
  const result = probe(def, env, options.timeoutMs ?? VERSION_TIMEOUT_MS);
  cache.set(key, { at: now(), result });
  return result;
}

async function probe(def: CliDefinition, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CliDetection> {
  const info = { id: def.id, name: def.name, installHint: def.installHint, docsUrl: def.docsUrl };
  let file: string;
  try {
    file = await resolveExecutable(def.binary, env.PATH, tmpdir());
  } catch {
    return { ...info, available: false, reason: 'not-found', message: `${def.binary} is not on the PATH. Install it with: ${def.installHint}` };
  }
  const run = await runWithTimeout(file, [...def.versionArgs], buildChildEnv(env, { NO_COLOR: '1' }), timeoutMs);
  if (run.kind === 'timeout') {
    return { ...info, available: false, reason: 'timeout', path: file, message: `${def.binary} --version did not answer within ${timeoutMs / 1000} s.` };
  }
  if (run.kind === 'error' || run.code !== 0) {
    const why = run.kind === 'error' ? run.message : `exit code ${run.code}`;
    return { ...info, available: false, reason: 'failed', path: file, message: `${def.binary} --version failed (${why}).` };
  }
  return { ...info, available: true, path: file, version: parseVersion(run.output), versionOutput: run.output.trim().slice(0, 200) };
}

/**
 * The first version number in `--version` output: "codex-cli 0.169.0", "2.1.329 (Claude Code)",
 * "GitHub Copilot CLI 1.0.102.", "aider 0.86.1", "0.61.0". Null when there is none.
 */
export function parseVersion(output: string): string | null {
  const match = /(?:^|[^\w.])v?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.-]*[0-9A-Za-z])?(?:\+[0-9A-Za-z.-]*[0-9A-Za-z])?)/.exec(output);
  return match ? (match[1] as string) : null;
}

type RunResult = { kind: 'exit'; code: number | null; output: string } | { kind: 'timeout' } | { kind: 'error'; message: string };

/**
 * Runs `file args` without a shell, stdin closed, in its own process group; on timeout kills the whole group
 * (a wrapper script's children too) and resolves at once rather than waiting for pipes its children hold.
 */
function runWithTimeout(file: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    let output = '';
    let settled = false;
    const settle = (result: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, { env, cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32', windowsHide: true });
    } catch (err) {
      resolve({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
      return;
    }
    const collect = (chunk: Buffer): void => {
      if (output.length < MAX_VERSION_OUTPUT) output += chunk.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', (err) => settle({ kind: 'error', message: err.message }));
    child.on('close', (code) => settle({ kind: 'exit', code, output }));
    const timer = setTimeout(() => {
      killGroup(child);
      settle({ kind: 'timeout' });
    }, timeoutMs);
  });
}

function killGroup(child: ReturnType<typeof spawn>): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  child.stdout?.destroy();
  child.stderr?.destroy();
}
