// Helpers for tests that drive real PTYs: collect a session's output and exit, and check whether a pid lives.
// Test-only: production code must not import this module.
import { readProcStat } from './process-group';
import type { PtyExit, PtySession } from './pty-session';

export interface CollectedSession {
  /** Everything emitted by onData so far. */
  readonly text: string;
  /** Characters emitted by onData after onExit fired; the session promises this stays 0. */
  readonly charsAfterExit: number;
  /** Resolves with the exit once onExit fired. */
  readonly exited: Promise<PtyExit>;
}

/** Subscribes to `session` at once; call right after spawn() resolves so no output is missed. */
export function collect(session: PtySession): CollectedSession {
  let text = '';
  let charsAfterExit = 0;
  let hasExited = false;
  session.onData((data) => {
    text += data;
    if (hasExited) charsAfterExit += data.length;
  });
  const exited = new Promise<PtyExit>((resolve) =>
    session.onExit((exit) => {
      hasExited = true;
      resolve(exit);
    }),
  );
  return {
    get text() {
      return text;
    },
    get charsAfterExit() {
      return charsAfterExit;
    },
    exited,
  };
}

/** A minimal environment for test children: enough to find node/sh and to print UTF-8. */
export function testChildEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' };
}

/** True if `pid` exists and is not a zombie (an unreaped corpse counts as dead). */
export async function isPidAlive(pid: number): Promise<boolean> {
  if (process.platform === 'linux') {
    const stat = await readProcStat(pid);
    return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Rejects if `promise` has not settled after `ms`, so a hung PTY fails its test with a clear message. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
