// Stopping a tool child and everything it started. A plain child is its own process group: SIGTERM, then SIGKILL.
// A sandboxed child is bwrap, whose sandbox init (pid 1 of the sandbox, in a session of its own) arms
// --die-with-parent only once its setup is done: killing bwrap first can orphan a sandbox that then runs on
// unsupervised (seen under load). So a sandbox is stopped from the inside out: the command's group, then SIGKILL
// to the sandbox init (the kernel then ends every process in its pid namespace), and bwrap exits on its own.
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessGroupAlive, signalProcessGroup } from '../../terminals/process-group';
import { ToolLimits } from '../loop-constants';

/**
 * Milliseconds a stop waits for bwrap to report its sandbox init's pid (it writes it right after creating the
 * sandbox, within milliseconds) before falling back to signalling bwrap's own group.
 */
const INIT_PID_WAIT_MS = 2_000;

/** SIGTERM to the group, then SIGKILL after `graceMs` if any member is left; resolves when it is empty. */
export async function terminateGroup(pgid: number, graceMs: number): Promise<void> {
  signalProcessGroup(pgid, 'SIGTERM');
  if (await waitGroupGone(pgid, graceMs)) return;
  signalProcessGroup(pgid, 'SIGKILL');
  await waitGroupGone(pgid, graceMs);
}

/**
 * Stops a bwrap child (`bwrapPid`, leader of its own group) through its sandbox init (`initPid`, from --info-fd):
 * SIGTERM to the command's group inside, then SIGKILL to the init after `graceMs` (at once while the sandbox is still
 * being set up); bwrap is never signalled first, and its own group only as a fallback.
 */
export async function stopSandbox(bwrapPid: number, initPid: Promise<number | null>, graceMs: number): Promise<void> {
  const init = await Promise.race([initPid, sleep(INIT_PID_WAIT_MS).then(() => null)]);
  const first = init === null ? null : await sandboxInit(init, bwrapPid);
  if (init !== null && first !== null) {
    // Set up: the init leads the session and group the command runs in (--new-session); ask them to stop first.
    if (first.leadsGroup) {
      signalProcessGroup(init, 'SIGTERM');
      if (await waitGroupGone(bwrapPid, graceMs)) return;
    }
    if ((await sandboxInit(init, bwrapPid)) !== null) signalPid(init, 'SIGKILL');
    if (await waitGroupGone(bwrapPid, graceMs)) return;
  }
  await terminateGroup(bwrapPid, graceMs);
}

/** The sandbox init's pid from bwrap's --info-fd JSON ({"child-pid": N, …}); null if bwrap never wrote it. */
export function readSandboxInitPid(stream: Readable | null | undefined): Promise<number | null> {
  if (!stream) return Promise.resolve(null);
  return new Promise((resolve) => {
    let text = '';
    const done = (pid: number | null): void => {
      stream.removeAllListeners('data');
      stream.resume(); // keep draining so bwrap never blocks on the pipe
      resolve(pid);
    };
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /"child-pid"\s*:\s*(\d+)/.exec(text);
      if (match?.[1]) done(Number(match[1]));
    });
    stream.once('end', () => done(null));
    stream.once('error', () => done(null));
  });
}

/**
 * Identity check before signalling a bare pid: `pid` is a live bwrap whose parent is still our bwrap child (so the
 * number cannot have been reused). `leadsGroup`: it has made itself a session and group leader, i.e. set up.
 */
async function sandboxInit(pid: number, bwrapPid: number): Promise<{ leadsGroup: boolean } | null> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (comm !== 'bwrap' || state === 'Z' || state === 'X' || Number(ppid) !== bwrapPid) return null;
  return { leadsGroup: Number(pgrp) === pid };
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
}

/** Polls until group `pgid` has no live member (true) or `withinMs` passes (false). */
export async function waitGroupGone(pgid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (!(await isProcessGroupAlive(pgid))) return true;
    if (Date.now() >= deadline) return false;
    await sleep(ToolLimits.groupPollMs);
  }
}
