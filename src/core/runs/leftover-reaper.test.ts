// Process identity and the leftover reaper against real processes: found by recorded pid + start
// time or by the run's nonce (also after `setsid`), SIGTERM then SIGKILL, and never a recycled pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { findProcessesWithNonce, isSameProcess, processStartTime, RUN_NONCE_VARIABLE } from '../terminals/process-identity';
import { reapLeftovers } from './leftover-reaper';

const linux = process.platform === 'linux';
const hasSetsid = existsSync('/usr/bin/setsid') || existsSync('/bin/setsid');
const started: number[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  children.splice(0);
});

/** Starts `file args` with the nonce in its environment (or none) and waits until it runs (and printed `ready`, if asked). */
async function startProcess(file: string, args: string[], nonce: string | null, waitReady = false): Promise<{ pid: number; startedAt: number }> {
  const env = { ...process.env, ...(nonce ? { [RUN_NONCE_VARIABLE]: nonce } : {}) };
  const child = spawn(file, args, { env, stdio: ['ignore', waitReady ? 'pipe' : 'ignore', 'ignore'] });
  children.push(child);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${file}`);
  started.push(pid);
  if (waitReady) await new Promise((resolve) => child.stdout?.once('data', resolve));
  for (let i = 0; i < 100; i++) {
    const startedAt = await processStartTime(pid);
    if (startedAt !== null) return { pid, startedAt };
    await delay(20);
  }
  throw new Error(`${file} did not start`);
}

/** A node process that ignores SIGHUP and SIGTERM, like a stubborn agent. */
const STUBBORN = ['-e', "process.on('SIGHUP', () => {}); process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('ready');"];

async function gone(pid: number, startedAt: number): Promise<boolean> {
  return !(await isSameProcess({ pid, startedAt }));
}

describe('process identity', () => {
  it('reads a start time that matches this process and refuses a different one', async () => {
    const mine = await processStartTime(process.pid);
    expect(mine).not.toBeNull();
    expect(Math.abs((mine ?? 0) - (Date.now() - process.uptime() * 1000))).toBeLessThan(2_000);
    expect(await isSameProcess({ pid: process.pid, startedAt: mine ?? 0 })).toBe(true);
    expect(await isSameProcess({ pid: process.pid, startedAt: (mine ?? 0) - 60_000 })).toBe(false);
    expect(await processStartTime(0)).toBeNull();
  });

  it.runIf(linux)('finds processes by nonce, only those started after the given time', async () => {
    const before = Date.now();
    const nonce = `test-${Math.random().toString(16).slice(2)}`;
    const withNonce = await startProcess('sleep', ['30'], nonce);
    await startProcess('sleep', ['30'], null);
    const found = await findProcessesWithNonce(nonce, before);
    expect(found.map((p) => p.pid)).toEqual([withNonce.pid]);
    expect(await findProcessesWithNonce(nonce, Date.now() + 60_000)).toEqual([]);
    expect(await findProcessesWithNonce('', before)).toEqual([]);
  });
});

describe('reapLeftovers', () => {
  it('ends the recorded agent (same pid and start time): SIGTERM for one that obeys, SIGKILL for one that ignores it', async () => {
    const t0 = Date.now();
    const obedient = await startProcess('sleep', ['30'], null);
    const stubborn = await startProcess(process.execPath, STUBBORN, null, true);
    const lines: string[] = [];
    const reaped = await reapLeftovers(
      [
        { runId: 'run-a', pid: obedient.pid, startedAt: obedient.startedAt, nonce: 'unused-a', spawnedAt: t0 },
        { runId: 'run-b', pid: stubborn.pid, startedAt: stubborn.startedAt, nonce: 'unused-b', spawnedAt: t0 },
      ],
      { graceMs: 500, log: (m) => lines.push(m) },
    );
    expect(reaped).toEqual([
      { runId: 'run-a', pid: obedient.pid, outcome: 'SIGTERM' },
      { runId: 'run-b', pid: stubborn.pid, outcome: 'SIGKILL' },
    ]);
    expect(await gone(obedient.pid, obedient.startedAt)).toBe(true);
    expect(await gone(stubborn.pid, stubborn.startedAt)).toBe(true);
    expect(lines).toEqual([
      `ended leftover process ${obedient.pid} of run run-a with SIGTERM`,
      `ended leftover process ${stubborn.pid} of run run-b with SIGKILL`,
    ]);
  });

  it('never signals a recycled pid: same pid recorded with another start time and no nonce of ours', async () => {
    const unrelated = await startProcess('sleep', ['30'], null);
    const reaped = await reapLeftovers(
      [{ runId: 'run-c', pid: unrelated.pid, startedAt: unrelated.startedAt - 3_600_000, nonce: 'not-in-its-env', spawnedAt: Date.now() - 3_600_000 }],
      { graceMs: 200 },
    );
    expect(reaped).toEqual([]);
    await delay(300);
    expect(await isSameProcess(unrelated)).toBe(true);
  });

  it.runIf(linux && hasSetsid)('finds a descendant that left the session with setsid by its nonce, with no start time recorded', async () => {
    const t0 = Date.now();
    const nonce = `test-${Math.random().toString(16).slice(2)}`;
    // The shell starts a setsid'd sleeper and exits: the sleeper is nobody's child we know of.
    const shell = spawn('sh', ['-c', 'setsid sleep 30 >/dev/null 2>&1 < /dev/null & echo $!'], { env: { ...process.env, [RUN_NONCE_VARIABLE]: nonce } });
    children.push(shell);
    const out = await new Promise<string>((resolve) => {
      let text = '';
      shell.stdout.on('data', (d: Buffer) => (text += d.toString()));
      shell.on('close', () => resolve(text));
    });
    // The sleeper may still be between fork and exec (its environ briefly unreadable): look again.
    let found = await findProcessesWithNonce(nonce, t0);
    for (let i = 0; found.length === 0 && i < 100; i++) {
      await delay(50);
      found = await findProcessesWithNonce(nonce, t0);
    }
    expect(found.length).toBeGreaterThanOrEqual(1);
    for (const p of found) started.push(p.pid);
    expect(out.trim()).not.toBe('');
    const reaped = await reapLeftovers([{ runId: 'run-d', pid: 999_999, startedAt: null, nonce, spawnedAt: t0 }], { graceMs: 500 });
    expect(reaped.map((r) => r.outcome)).toEqual(found.map(() => 'SIGTERM'));
    for (const p of found) expect(await gone(p.pid, p.startedAt)).toBe(true);
  });
});
