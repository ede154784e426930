// Signals a PTY child's process group and tells whether the group still has live members.
// Knows nothing about node-pty or sessions; never signals a single pid and never kills by name.
import { readdir, readFile } from 'node:fs/promises';

/**
 * Sends `signal` to every process in group `pgid` (node-pty makes its child a session leader, so pgid = pid).
 * A gone group (ESRCH) or members we may not signal (EPERM) are not errors: there is nothing more to do.
 */
export function signalProcessGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH' && code !== 'EPERM') throw err;
  }
}

/**
 * True while group `pgid` has a member that is not a zombie. On Linux this scans /proc, because zombies
 * count as group members for kill(-pgid, 0) and an init that does not reap orphans (containers, VMs)
 * would make a killed group look alive forever; the cheap kill(-pgid, 0) answers first when the group is gone.
 * Elsewhere kill(-pgid, 0) alone decides.
 * While the answer is true the number cannot be reused by the kernel, so signalling -pgid stays safe.
 */
export async function isProcessGroupAlive(pgid: number): Promise<boolean> {
  if (!groupExists(pgid)) return false;
  return process.platform === 'linux' ? linuxGroupHasLiveMember(pgid) : true;
}

/** kill(-pgid, 0): cheap, but counts zombies as members. */
function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function linuxGroupHasLiveMember(pgid: number): Promise<boolean> {
  const entries = await readdir('/proc');
  const stats = await Promise.all(entries.filter((name) => /^\d+$/.test(name)).map((pid) => readProcStat(pid)));
  return stats.some((s) => s !== null && s.pgrp === pgid && s.state !== 'Z' && s.state !== 'X');
}

/** Reads state and process group from /proc/<pid>/stat; null when the process vanished meanwhile. */
export async function readProcStat(pid: string | number): Promise<{ state: string; pgrp: number } | null> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const pgrp = Number(fields[2]);
  return state === undefined || !Number.isInteger(pgrp) ? null : { state, pgrp };
}
