// Who a process is, beyond its pid: its start time (a recycled pid has a different one) and, on
// Linux, the per-run nonce in its environment, which every descendant inherits, also one that
// detached with `setsid`. Read-only: this module never signals anything and never matches by name.
import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The environment variable that carries a run's nonce into its agent and everything the agent starts. */
export const RUN_NONCE_VARIABLE = 'SWITCHYARD_RUN_NONCE';

/**
 * Two start times closer than this, in ms, are the same process start (and a nonce carrier must have
 * started no earlier than this before its run's spawn). macOS `ps -o lstart` has one second
 * resolution; on Linux two readings differ by the 10 ms clock tick plus any step of the wall clock
 * between them. A recycled pid starting within the same second is not a realistic risk.
 */
export const START_TIME_TOLERANCE_MS = 1_000;

export interface ProcessIdentity {
  pid: number;
  /** When the process started, in ms since the epoch, as this module reads it. */
  startedAt: number;
}

/** When a live (not zombie) process started, in ms since the epoch; null when it is gone or a zombie. */
export async function processStartTime(pid: number): Promise<number | null> {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return process.platform === 'linux' ? linuxStartTime(pid) : psStartTime(pid);
}

/** True when `identity.pid` is alive and is still the process that started at `identity.startedAt`. */
export async function isSameProcess(identity: ProcessIdentity): Promise<boolean> {
  const startedAt = await processStartTime(identity.pid);
  return startedAt !== null && Math.abs(startedAt - identity.startedAt) <= START_TIME_TOLERANCE_MS;
}

/**
 * Live processes of this user whose environment holds `RUN_NONCE_VARIABLE=nonce` and that started
 * no earlier than `startedAfter` (ms, less the tolerance). Linux only (/proc/<pid>/environ); elsewhere
 * the environment of other processes is not readable this way and the answer is empty.
 */
export async function findProcessesWithNonce(nonce: string, startedAfter: number): Promise<ProcessIdentity[]> {
  return (await findProcessesWithNonces(new Map([[nonce, startedAfter]]))).get(nonce) ?? [];
}

/**
 * findProcessesWithNonce for several runs at once, with one pass over /proc: `startedAfter` maps each
 * nonce to its run's spawn time; the answer maps each nonce that was found to its processes.
 */
export async function findProcessesWithNonces(startedAfter: ReadonlyMap<string, number>): Promise<Map<string, ProcessIdentity[]>> {
  const found = new Map<string, ProcessIdentity[]>();
  const needles = new Map([...startedAfter.keys()].filter((n) => n !== '').map((n) => [`${RUN_NONCE_VARIABLE}=${n}`, n]));
  if (process.platform !== 'linux' || needles.size === 0) return found;
  const uid = process.getuid?.();
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => pid !== process.pid);
  await Promise.all(
    pids.map(async (pid) => {
      let nonce: string | undefined;
      try {
        if (uid !== undefined && (await stat(`/proc/${pid}`)).uid !== uid) return;
        const environ = await readFile(`/proc/${pid}/environ`, 'latin1');
        nonce = environ.split('\0').map((entry) => needles.get(entry)).find((n) => n !== undefined);
      } catch {
        return; // gone meanwhile, or not ours to read
      }
      if (nonce === undefined) return;
      const startedAt = await linuxStartTime(pid);
      if (startedAt === null || startedAt < (startedAfter.get(nonce) ?? 0) - START_TIME_TOLERANCE_MS) return;
      found.set(nonce, [...(found.get(nonce) ?? []), { pid, startedAt }]);
    }),
  );
  return found;
}

let linuxClock: Promise<{ bootMs: number; ticksPerSecond: number }> | null = null;

/**
 * Boot time in ms since the epoch and clock ticks per second (`getconf CLK_TCK`, 100 when unknown),
 * read once. The boot time is calibrated on this process itself: its start in ticks since boot
 * (/proc/self/stat) against when Node says it started. /proc/stat's btime is truncated to whole
 * seconds, and containers may virtualize /proc/uptime, so neither is used.
 */
function linuxClockInfo(): Promise<{ bootMs: number; ticksPerSecond: number }> {
  linuxClock ??= (async () => {
    const ticks = await execFileAsync('getconf', ['CLK_TCK']).then(({ stdout }) => Number(stdout.trim()), () => 100);
    const ticksPerSecond = Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
    const own = startTicks(await readFile('/proc/self/stat', 'utf8'));
    if (own === null) throw new Error('Could not read /proc/self/stat.');
    const startedMs = Date.now() - process.uptime() * 1000;
    return { bootMs: startedMs - (own.ticks * 1000) / ticksPerSecond, ticksPerSecond };
  })();
  return linuxClock;
}

/** State and start time in clock ticks since boot from a /proc/<pid>/stat line. */
function startTicks(text: string): { state: string; ticks: number } | null {
  // "pid (comm) state ppid … starttime(22) …": comm may hold spaces and ')', so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const ticks = Number(fields[19]); // field 22, counted from field 3 (state) at index 0
  return state === undefined || !Number.isFinite(ticks) ? null : { state, ticks };
}

async function linuxStartTime(pid: number): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const parsed = startTicks(text);
  if (parsed === null || parsed.state === 'Z' || parsed.state === 'X') return null;
  const clock = await linuxClockInfo();
  return Math.round(clock.bootMs + (parsed.ticks * 1000) / clock.ticksPerSecond);
}

/** macOS and other Unixes: `ps -o stat=,lstart=` (C locale), one second resolution. */
async function psStartTime(pid: number): Promise<number | null> {
  try {
    const { stdout } = await execFileAsync('ps', ['-o', 'stat=,lstart=', '-p', String(pid)], { env: { ...process.env, LC_ALL: 'C' } });
    const line = stdout.trim();
    if (line === '' || line.startsWith('Z')) return null;
    const started = Date.parse(line.slice(line.indexOf(' ') + 1).trim());
    return Number.isFinite(started) ? started : null;
  } catch {
    return null; // ps exits 1 when there is no such process
  }
}
