// Faults: `kill -9` of the app. The core runs in a child process (support/core-host.ts) with real
// PTYs, git and SQLite; the test SIGKILLs it mid-work, then starts a core on the same data folder
// in this process and checks what the next start finds: threads, runs, transcripts, worktrees, the
// database, and that no agent process outlived the app (the start-up reaper, by recorded identity).
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { processStartTime } from '../../src/core/terminals/process-identity';
import { screenText } from '../helpers/terminal-render';
import { isCounterPrefix } from './support/expected';
import { useFaultFixtures } from './support/fault-fixtures';
import { isAlive, storedTranscript, until, withDb } from './support/host-process';

const execFileAsync = promisify(execFile);
const hasSetsid = existsSync('/usr/bin/setsid') || existsSync('/bin/setsid');
const COUNTER = new URL('./support/counter-agent.mjs', import.meta.url).pathname;

const fx = useFaultFixtures();

async function fixture() {
  const { repo, data } = await fx.repoAndData();
  return { repo: repo.path, dataDir: data.path };
}

async function readPid(file: string): Promise<number> {
  await until(() => existsSync(file), file, 30_000);
  let text = '';
  await until(async () => (text = await readFile(file, 'utf8')).endsWith('\n'), `${file} written`);
  return Number(text.trim());
}

/** What "unchanged" compares: git's view of the worktree and the bytes of the files the agent edits. */
async function worktreeState(path: string): Promise<unknown> {
  const git = async (args: string[]) => (await execFileAsync('git', args, { cwd: path })).stdout;
  const file = (name: string) => readFile(join(path, name), 'utf8').catch(() => null);
  return {
    head: await git(['rev-parse', 'HEAD']),
    status: await git(['status', '--porcelain=v1', '--untracked-files=all']),
    readme: await file('README.md'),
    notes: await file('notes.txt'),
    progress: await file('progress.txt'),
  };
}

describe('kill -9 of the app', () => {
  it('while 3 runs stream: on restart every thread and run is listed, running runs are interrupted, transcripts hold everything flushed, worktrees are unchanged, quick_check passes', async () => {
    const { repo, dataDir } = await fixture();
    const host = fx.host({ scenario: 'stream', dataDir, repoPath: repo, runs: 3, delayMs: 10 });
    const { threadId, runIds } = await host.waitFor('thread');
    const { worktrees } = await host.waitFor('running');
    const agentPids = await Promise.all(runIds.map((id) => readPid(join(worktrees[id] ?? '', 'agent.pid'))));
    fx.pids.push(...agentPids);
    // Mid-stream: every run has committed at least ~50 ticks, and keeps going.
    await host.waitFor('flushed', (e) => runIds.every((id) => (e.chars[id] ?? 0) >= 500), 60_000);
    await host.kill();
    const reports = host.events.filter((e) => e.event === 'flushed');
    const lastFlushed = reports.at(-1)?.chars ?? {};

    // The agents lose their terminal and end (SIGHUP); then their worktrees are what the user has.
    await until(async () => (await Promise.all(agentPids.map(isAlive))).every((alive) => !alive), 'the agents to end', 15_000);
    const before = await Promise.all(runIds.map((id) => worktreeState(worktrees[id] ?? '')));

    const next = await fx.core(dataDir);
    expect(next.core.interruptedAtStart).toBe(3);
    const threads = await next.client.call('threads.list', {});
    expect(threads.map((t) => t.id)).toEqual([threadId]);
    const { runs } = await next.client.call('threads.get', { threadId: threadId as never });
    expect(runs.map((r) => r.id)).toEqual(runIds);
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'interrupted', 'interrupted']);
    expect(await Promise.all(runIds.map((id) => worktreeState(worktrees[id] ?? '')))).toEqual(before);

    withDb(dataDir, (db) => {
      expect(db.pragma('quick_check', { simple: true })).toBe('ok');
      for (const id of runIds) {
        const text = storedTranscript(db, id);
        expect(isCounterPrefix(id, text), `transcript of ${id} is a prefix of the counter sequence`).toBe(true);
        expect(text.length).toBeGreaterThanOrEqual(lastFlushed[id] ?? Infinity);
      }
    });
    // The terminal comes back from the transcript (no screen was saved before the kill).
    expect(await screenText(next.client, runIds[0] ?? '')).toMatch(/tick \d+/);
  });

  it('leaves no agent alive: one that ignores SIGHUP/SIGTERM and a `setsid` descendant are ended by the next start', async (ctx) => {
    if (process.platform !== 'linux') return ctx.skip('skipped: the nonce search reads /proc (Linux only)');
    if (!hasSetsid) return ctx.skip('skipped: setsid (util-linux) is not installed');
    const { repo, dataDir } = await fixture();
    const host = fx.host({ scenario: 'orphans', dataDir, repoPath: repo, delayMs: 50 });
    const { runIds } = await host.waitFor('thread');
    const { worktrees } = await host.waitFor('running');
    const [stubbornRun, setsidRun] = runIds as [string, string];
    const stubborn = await readPid(join(worktrees[stubbornRun] ?? '', 'agent.pid'));
    const sleeper = await readPid(join(worktrees[setsidRun] ?? '', 'setsid.pid'));
    fx.pids.push(stubborn, sleeper);
    // Both have been recorded (pid + start time) before the kill.
    await until(() => withDb(dataDir, (db) => (db.prepare('SELECT count(*) AS n FROM run_processes WHERE started_at IS NOT NULL').get() as { n: number }).n === 2), 'recorded identities');
    await host.kill();

    // Without the reaper both would live on: the precondition that makes this test mean something.
    await new Promise((r) => setTimeout(r, 500));
    expect(await isAlive(stubborn)).toBe(true);
    expect(await isAlive(sleeper)).toBe(true);

    const lines: string[] = [];
    const next = await fx.core(dataDir, { log: (m) => lines.push(m) });
    expect(await isAlive(stubborn)).toBe(false);
    expect(await isAlive(sleeper)).toBe(false);
    expect(lines).toContain(`ended leftover process ${stubborn} of run ${stubbornRun} with SIGKILL`);
    expect(lines).toContain(`ended leftover process ${sleeper} of run ${setsidRun} with SIGTERM`);
    const { runs } = await next.client.call('threads.get', { threadId: (await host.waitFor('thread')).threadId as never });
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'interrupted']);
  });

  it('never kills a recycled pid: a live unrelated process under a recorded pid with another start time survives the next start', async () => {
    const { repo, dataDir } = await fixture();
    const first = await fx.core(dataDir);
    const r = await first.client.call('repos.open', { path: repo });
    const profile = await first.client.call('profiles.saveCommand', { name: 'short', commandLine: `${process.execPath} ${COUNTER} --max 2` });
    const created = await first.client.call('threads.create', { repoId: r.id, prompt: 'recycled pid', baseBranch: 'main', agents: [{ profileId: profile.id, count: 1 }] });
    const runId = created.runs[0]!.id;
    await until(async () => (await first.client.call('threads.get', { threadId: created.thread.id })).runs[0]?.status === 'exited', 'the run to exit');
    await first.stop();

    const unrelated = spawn('sleep', ['600'], { stdio: 'ignore' });
    const pid = unrelated.pid ?? 0;
    fx.pids.push(pid);
    let startedAt: number | null = null;
    await until(async () => (startedAt = await processStartTime(pid)) !== null, 'the unrelated process');
    // The crash state, with the run's recorded pid now belonging to someone else (started an hour "later").
    const pretend = async (recordedStart: number) => {
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(join(dataDir, 'switchyard.db'));
      db.prepare("UPDATE runs SET status = 'running', ended_at = NULL WHERE id = ?").run(runId);
      db.prepare('UPDATE run_processes SET pid = ?, started_at = ? WHERE run_id = ?').run(pid, recordedStart, runId);
      db.close();
    };
    await pretend((startedAt ?? 0) - 3_600_000);
    const second = await fx.core(dataDir);
    expect(second.core.interruptedAtStart).toBe(1);
    expect(await isAlive(pid)).toBe(true);
    await second.stop();

    // Control: with its true start time recorded, the same process is taken for the agent and ended.
    await pretend(startedAt ?? 0);
    await fx.core(dataDir);
    expect(await isAlive(pid)).toBe(false);
  });

  it('a Stop also ends a `setsid` descendant (nonce sweep)', async (ctx) => {
    if (process.platform !== 'linux') return ctx.skip('skipped: the nonce search reads /proc (Linux only)');
    if (!hasSetsid) return ctx.skip('skipped: setsid (util-linux) is not installed');
    const { repo, dataDir } = await fixture();
    const c = await fx.core(dataDir);
    const r = await c.client.call('repos.open', { path: repo });
    const profile = await c.client.call('profiles.saveCommand', { name: 'setsid', commandLine: `${process.execPath} ${COUNTER} --setsid --delay 50` });
    const created = await c.client.call('threads.create', { repoId: r.id, prompt: 'stop sweep', baseBranch: 'main', agents: [{ profileId: profile.id, count: 1 }] });
    const runId = created.runs[0]!.id;
    await until(async () => (await c.client.call('threads.get', { threadId: created.thread.id })).runs[0]?.status === 'running', 'running');
    const worktree = (await c.client.call('threads.get', { threadId: created.thread.id })).runs[0]!.worktreePath;
    const sleeper = await readPid(join(worktree, 'setsid.pid'));
    fx.pids.push(sleeper);
    expect(await isAlive(sleeper)).toBe(true);
    const stopped = await c.client.call('runs.stop', { runId });
    expect(stopped.stoppedByUser).toBe(true);
    expect(await isAlive(sleeper)).toBe(false);
    await writeFile(join(worktree, 'STOP'), '');
  });
});
