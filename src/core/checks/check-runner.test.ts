import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PtyHost } from '../terminals/pty-host';
import { isPidAlive } from '../terminals/pty-test-support';
import { checkEnv, OutputTail, runCheck, runChecks, runSteps, type CheckRunOptions } from './check-runner';
import { parseSwitchyardConfig } from './switchyard-config';

describe.skipIf(process.platform === 'win32')('check runner with real PTYs', () => {
  let host: PtyHost;
  let dir: string;
  beforeEach(async () => {
    host = new PtyHost({ stopGraceMs: 300 });
    dir = await mkdtemp(path.join(tmpdir(), 'switchyard-checks-'));
  });
  afterEach(async () => {
    await host.disposeAll();
    await rm(dir, { recursive: true, force: true });
  });

  const config = parseSwitchyardConfig(JSON.stringify({ env: { GREETING: 'hello' }, checks: { x: 'true' } }));
  const opts = (over: Partial<CheckRunOptions> = {}): CheckRunOptions => ({
    cwd: dir,
    env: checkEnv(process.env, config, { ports: { base: 23_450, count: 10 }, runId: 'run-abc' }),
    ...over,
  });

  it('passes a command that exits 0, in the worktree, in a TTY, with the run’s environment', async () => {
    const streamed: string[] = [];
    const result = await runCheck(
      host,
      { name: 'env', command: 'test -t 1 && echo "tty $PWD $SWITCHYARD_PORT $SWITCHYARD_PORT_COUNT $SWITCHYARD_RUN_ID $GREETING $CI" && echo done > marker', timeoutMs: 10_000 },
      opts({ onOutput: (d) => streamed.push(d) }),
    );
    expect(result).toMatchObject({ name: 'env', status: 'passed', exitCode: 0, signal: null, droppedChars: 0 });
    expect(result.output).toContain(`tty ${dir} 23450 10 run-abc hello true`);
    expect(streamed.join('')).toBe(result.output);
    expect(await readFile(path.join(dir, 'marker'), 'utf8')).toBe('done\n');
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.finishedAt).toBeGreaterThanOrEqual(result.startedAt);
  });

  it('fails a command that exits non-zero, keeping its exit code and output', async () => {
    const result = await runCheck(host, { name: 'test', command: 'echo "1 test failed" >&2; exit 3', timeoutMs: 10_000 }, opts());
    expect(result).toMatchObject({ status: 'failed', exitCode: 3 });
    expect(result.output).toContain('1 test failed');
  });

  it('times out a command that runs too long, and ends what it started', async () => {
    const pidFile = path.join(dir, 'child.pid');
    const started = Date.now();
    const result = await runCheck(host, { name: 'slow', command: `sleep 30 & echo $! > ${pidFile}; echo waiting; wait`, timeoutMs: 500 }, opts());
    expect(result.status).toBe('timed-out');
    expect(result.output).toContain('waiting');
    expect(Date.now() - started).toBeLessThan(10_000);
    const child = Number(await readFile(pidFile, 'utf8'));
    expect(await isPidAlive(child)).toBe(false);
  });

  it('cancels on abort, and reports a command that cannot start as an error', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const cancelled = await runCheck(host, { name: 'c', command: 'sleep 30', timeoutMs: 20_000 }, opts({ signal: controller.signal }));
    expect(cancelled.status).toBe('cancelled');
    const missing = await runCheck(host, { name: 'e', command: 'true', timeoutMs: 1_000 }, opts({ cwd: path.join(dir, 'nope') }));
    expect(missing).toMatchObject({ status: 'error', exitCode: null });
    expect(missing.output).toMatch(/nope/);
  });

  it('keeps the tail of a flood of output', async () => {
    const result = await runCheck(host, { name: 'flood', command: 'seq 1 100000; echo END', timeoutMs: 20_000 }, opts({ outputCapChars: 1000 }));
    expect(result.status).toBe('passed');
    expect(result.droppedChars).toBeGreaterThan(500_000);
    expect(result.output).toMatch(/^\[… \d+ earlier characters not kept …\]\r\n/);
    expect(result.output).toMatch(/99999\r\n100000\r\nEND\r\n$/);
  });

  it('runs checks in order, setup up to its first failure, and every teardown step', async () => {
    const checks = parseSwitchyardConfig(JSON.stringify({ checks: { a: 'echo a >> order', b: 'exit 1', c: 'echo c >> order' } })).checks;
    const seen: string[] = [];
    const results = await runChecks(host, checks, { ...opts(), onResult: (r) => seen.push(`${r.name}:${r.status}`) });
    expect(seen).toEqual(['a:passed', 'b:failed', 'c:passed']);
    expect(results).toHaveLength(3);
    expect(await readFile(path.join(dir, 'order'), 'utf8')).toBe('a\nc\n');
    const step = (command: string) => ({ command, timeoutMs: 5_000 });
    const setup = await runSteps(host, 'setup', [step('true'), step('false'), step('touch never')], opts());
    expect(setup.map((r) => `${r.name}:${r.status}`)).toEqual(['setup 1:passed', 'setup 2:failed']);
    const teardown = await runSteps(host, 'teardown', [step('false'), step('touch ran')], opts());
    expect(teardown.map((r) => r.status)).toEqual(['failed', 'passed']);
    expect(await readFile(path.join(dir, 'ran'), 'utf8')).toBe('');
    await expect(readFile(path.join(dir, 'never'))).rejects.toThrow();
  });
});

describe('OutputTail', () => {
  it('keeps the last characters and counts what it dropped', () => {
    const tail = new OutputTail(5);
    for (const c of 'abcdefghijkl') tail.push(c);
    expect(tail.text()).toBe('[… 7 earlier characters not kept …]\r\nhijkl');
    expect(tail.dropped).toBe(7);
    const small = new OutputTail(10);
    small.push('abc');
    expect([small.text(), small.dropped]).toEqual(['abc', 0]);
  });

  it('never starts on half a surrogate pair', () => {
    const tail = new OutputTail(3);
    tail.push('a😀bc');
    expect(tail.text().endsWith('\r\nbc')).toBe(true);
  });
});
