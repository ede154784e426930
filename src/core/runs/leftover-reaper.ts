// Ends agent processes a run left behind: at start-up for runs a crashed app left "running", and
// after a Stop for descendants that escaped the process group (`setsid`). Targets only processes
// proven to be the run's by recorded identity: the agent's pid with its recorded start time, or (on
// Linux) a process of this user carrying the run's nonce that started after the run's spawn.
// Never matches by name, never signals a pid whose identity it has not just checked.
import { setTimeout as delay } from 'node:timers/promises';
import { findProcessesWithNonces, isSameProcess, type ProcessIdentity } from '../terminals/process-identity';
import type { RunProcessRecord } from '../store/run-processes-repo';

/**
 * Milliseconds between SIGTERM and SIGKILL. Same reasoning and value as PtyShutdown.stopGraceMs: long
 * enough for an agent CLI to save its session, short enough not to hold up start-up.
 */
export const REAPER_GRACE_MS = 2_000;
/** Milliseconds after SIGKILL the reaper waits for the processes to be gone before it reports and moves on. */
export const REAPER_KILL_WAIT_MS = 2_000;
/** Milliseconds between two checks of whether the signalled processes are gone. */
export const REAPER_POLL_MS = 50;

export interface ReapedProcess {
  runId: string;
  pid: number;
  /** The last signal it needed; 'survived' = still alive after SIGKILL and the wait (e.g. stuck in the kernel). */
  outcome: 'SIGTERM' | 'SIGKILL' | 'survived';
}

export interface ReaperOptions {
  graceMs?: number;
  killWaitMs?: number;
  log?: (message: string) => void;
}

/** The live processes that provably belong to each recorded run (the agent itself and nonce carriers), with one pass over /proc. */
async function leftoversOf(records: RunProcessRecord[]): Promise<Array<ProcessIdentity & { runId: string }>> {
  const carriers = await findProcessesWithNonces(new Map(records.map((rec) => [rec.nonce, rec.spawnedAt])));
  const targets: Array<ProcessIdentity & { runId: string }> = [];
  for (const rec of records) {
    const found = new Map<number, ProcessIdentity>();
    if (rec.startedAt !== null) {
      const leader = { pid: rec.pid, startedAt: rec.startedAt };
      if (await isSameProcess(leader)) found.set(leader.pid, leader);
    }
    for (const p of carriers.get(rec.nonce) ?? []) found.set(p.pid, p);
    for (const p of found.values()) targets.push({ ...p, runId: rec.runId });
  }
  return targets;
}

/**
 * SIGTERM to every leftover of the given runs, SIGKILL after the grace period to those still the same
 * process, and a log line for each. Resolves with what it found and how each ended.
 */
export async function reapLeftovers(records: RunProcessRecord[], opts: ReaperOptions = {}): Promise<ReapedProcess[]> {
  const graceMs = opts.graceMs ?? REAPER_GRACE_MS;
  const killWaitMs = opts.killWaitMs ?? REAPER_KILL_WAIT_MS;
  const targets = await leftoversOf(records);
  if (targets.length === 0) return [];

  for (const t of targets) signal(t.pid, 'SIGTERM');
  let alive = await waitGone(targets, graceMs);
  const killed = new Set<number>();
  for (const t of alive) {
    if (!(await isSameProcess(t))) continue; // it ended (or its pid moved on) since the last check
    signal(t.pid, 'SIGKILL');
    killed.add(t.pid);
  }
  alive = await waitGone(alive, killWaitMs);
  const survivors = new Set(alive.map((t) => t.pid));
  const reaped = targets.map((t): ReapedProcess => ({
    runId: t.runId,
    pid: t.pid,
    outcome: survivors.has(t.pid) ? 'survived' : killed.has(t.pid) ? 'SIGKILL' : 'SIGTERM',
  }));
  for (const r of reaped) {
    opts.log?.(r.outcome === 'survived'
      ? `leftover process ${r.pid} of run ${r.runId} is still alive after SIGKILL`
      : `ended leftover process ${r.pid} of run ${r.runId} with ${r.outcome}`);
  }
  return reaped;
}

/** Polls until every target is gone (or is no longer the same process); returns those still there at the deadline. */
async function waitGone<T extends ProcessIdentity>(targets: T[], timeoutMs: number): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  let left = targets;
  for (;;) {
    const still = await Promise.all(left.map(async (t) => ((await isSameProcess(t)) ? t : null)));
    left = still.filter((t): t is Awaited<T> => t !== null);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await delay(Math.min(REAPER_POLL_MS, Math.max(0, deadline - Date.now())));
  }
}

/** Signals one pid; a process that is already gone (ESRCH) or not ours (EPERM) is left alone. */
function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH' && code !== 'EPERM') throw err;
  }
}
