import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isProcessGroupAlive } from './process-group';
import { PtyHost, type PtySession } from './pty-host';
import { type CollectedSession, collect, isPidAlive, testChildEnv, within } from './pty-test-support';

const GRACE_MS = 400;

describe.skipIf(process.platform === 'win32')('PtySession.stop with real process groups', () => {
  let host: PtyHost;
  let dir: string;
  beforeEach(async () => {
    host = new PtyHost({ stopGraceMs: GRACE_MS, killWaitMs: 3_000 });
    dir = await mkdtemp(path.join(tmpdir(), 'switchyard-stop-'));
  });
  afterEach(async () => {
    await host.disposeAll();
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts `sh -c script`, waits for it to print "ready", and returns the pids it printed as "gc=<pid>". */
  async function start(script: string): Promise<{ session: PtySession; out: CollectedSession; grandchildren: number[] }> {
    const session = await host.spawn({ file: 'sh', args: ['-c', script], cwd: dir, env: testChildEnv(), cols: 80, rows: 24 });
    const out = collect(session);
    await vi.waitFor(() => expect(out.text).toContain('ready'), { timeout: 10_000 });
    const grandchildren = [...out.text.matchAll(/gc=(\d+)/g)].map((m) => Number(m[1]));
    return { session, out, grandchildren };
  }

  async function expectAllDead(pids: number[]): Promise<void> {
    for (const pid of pids) expect(await isPidAlive(pid), `pid ${pid} is still alive`).toBe(false);
  }

  it('SIGKILLs a child that ignores SIGTERM after the grace period, with its grandchildren', async () => {
    const { session, out, grandchildren } = await start(
      "trap '' TERM HUP; sleep 1000 & echo gc=$!; sleep 1000 & echo gc=$!; echo ready; wait; wait",
    );
    expect(grandchildren).toHaveLength(2);
    const startedAt = Date.now();
    await within(session.stop(), 10_000, 'stop');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(GRACE_MS - 20);
    expect(session.exited).toBe(true);
    expect(await out.exited).toEqual({ exitCode: 0, signal: 9 });
    await expectAllDead([session.pid, ...grandchildren]);
    expect(await isProcessGroupAlive(session.pid)).toBe(false);
  });

  it('ends a cooperative child with SIGHUP, without waiting for the grace period', async () => {
    const { session, out, grandchildren } = await start('sleep 1000 & echo gc=$!; echo ready; wait');
    const startedAt = Date.now();
    await within(session.stop(), 10_000, 'stop');
    expect(Date.now() - startedAt).toBeLessThan(GRACE_MS);
    expect(await out.exited).toMatchObject({ signal: 1 });
    await expectAllDead([session.pid, ...grandchildren]);
  });

  it('ends a child that handles only SIGTERM, without waiting for the grace period', async () => {
    const { session, out } = await start("trap '' HUP; trap 'exit 7' TERM; echo ready; while :; do sleep 0.05; done");
    const startedAt = Date.now();
    await within(session.stop(), 10_000, 'stop');
    expect(Date.now() - startedAt).toBeLessThan(GRACE_MS);
    expect(await out.exited).toMatchObject({ exitCode: 7 });
  });

  it('ends an interactive shell (which ignores SIGTERM) and its background job without SIGKILL', async () => {
    const session = await host.spawn({ file: '/bin/bash', args: ['--norc', '-i'], cwd: dir, env: testChildEnv(), cols: 80, rows: 24 });
    const out = collect(session);
    session.write('sleep 1000 & echo gc=$!\r');
    await vi.waitFor(() => expect(out.text).toMatch(/gc=\d+/), { timeout: 10_000 });
    const job = Number(/gc=(\d+)/.exec(out.text)![1]);
    const startedAt = Date.now();
    await within(session.stop(), 10_000, 'stop');
    expect(Date.now() - startedAt).toBeLessThan(GRACE_MS);
    expect((await out.exited).signal).not.toBe(9);
    await vi.waitFor(async () => expect(await isPidAlive(job)).toBe(false), { timeout: 5_000 });
  });

  it('is idempotent, and resolves at once for a stopped session', async () => {
    const { session } = await start('echo ready; exec sleep 1000');
    const first = session.stop();
    expect(session.stop()).toBe(first);
    await within(first, 10_000, 'stop');
    const startedAt = Date.now();
    await session.stop();
    expect(Date.now() - startedAt).toBeLessThan(100);
  });

  it('after a natural exit, ends what the child left running in its group', async () => {
    const { session, out, grandchildren } = await start("trap '' HUP; sleep 1000 & echo gc=$!; echo ready; exit 0");
    expect(await within(out.exited, 10_000, 'exit')).toEqual({ exitCode: 0, signal: null });
    expect(await isPidAlive(grandchildren[0] as number)).toBe(true);
    await within(session.stop(), 10_000, 'stop');
    await expectAllDead(grandchildren);
  });

  it('disposeAll stops every live session and leaves no process behind', async () => {
    const a = await start("trap '' TERM HUP; sleep 1000 & echo gc=$!; echo ready; wait");
    const b = await start('sleep 1000 & echo gc=$!; echo ready; wait');
    expect(host.liveCount).toBe(2);
    await within(host.disposeAll(), 10_000, 'disposeAll');
    expect(host.liveCount).toBe(0);
    expect(a.session.exited && b.session.exited).toBe(true);
    await expectAllDead([a.session.pid, b.session.pid, ...a.grandchildren, ...b.grandchildren]);
  });
});
