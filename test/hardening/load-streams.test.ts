// Load: 8 runs each streaming 200 KB/s for SWITCHYARD_LOAD_SECONDS (default 60) through the real
// core (PTYs, terminal mirrors, transcript worker, SQLite). Every transcript holds exactly what its
// producer emitted; memory plateaus; file descriptors stay flat; no zombie processes. Then 12 runs
// created at once all come up.
//
// Sampling: every SAMPLE_MS the test records this process's RSS, V8 heap used and open descriptors
// (/proc/self/fd). The core runs in this process, so these are the app's own numbers.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Run } from '../../src/shared/contract';
import { useFaultFixtures } from './support/fault-fixtures';
import { storedTranscript, until, withDb } from './support/host-process';
// @ts-expect-error: a plain .mjs script shared with the producer processes
import { lineAt } from './support/rate-producer.mjs';

const PRODUCER = new URL('./support/rate-producer.mjs', import.meta.url).pathname;
const COUNTER = new URL('./support/counter-agent.mjs', import.meta.url).pathname;
/** Seconds each run streams; the issue asks for 60. Above ~95 s a run's transcript passes the 20 MB cap. */
const SECONDS = Number(process.env.SWITCHYARD_LOAD_SECONDS ?? 60);
const RUNS = 8;
/** Bytes per second each producer emits (200 KB/s). */
const RATE = 200 * 1000;
/** How often memory and descriptors are sampled, in ms. */
const SAMPLE_MS = 2_000;
/**
 * Plateau: the last third's peak may exceed the middle third's peak by at most this much. Generous
 * on purpose: RSS climbs for the first ~50 s (the V8 heaps of the main thread and of the transcript
 * writer growing to their GC steady state; with transcripts off it is flat after ~12 s), then stays
 * within ±10 MB (measured over 110 s), and GC timing on a loaded 2-core machine moves peaks by tens
 * of MB. A leak of the stream itself (1.6 MB/s of output, twice that as JS strings) would add over
 * 60 MB to the heap per third of a 60 s run and keep RSS climbing past the slack.
 */
const RSS_SLACK_BYTES = 96 * 1024 * 1024;
const HEAP_SLACK_BYTES = 64 * 1024 * 1024;
/** Runs shorter than this never reach the steady state (see RSS_SLACK_BYTES): the plateau is then reported, not asserted. */
const PLATEAU_MIN_SECONDS = 45;
/** Descriptors may vary by this many while streaming (a git child for a diff, a worker's file). */
const FD_SLACK = 8;

const fx = useFaultFixtures();

interface Sample { at: number; rss: number; heap: number; external: number; fds: number }

async function sample(): Promise<Sample> {
  const m = process.memoryUsage();
  return { at: Date.now(), rss: m.rss, heap: m.heapUsed, external: m.external, fds: (await readdir('/proc/self/fd')).length };
}

/** Children of this process that are zombies (exited, never reaped). */
async function zombieChildren(): Promise<number[]> {
  const zombies: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' && Number(fields[1]) === process.pid) zombies.push(Number(name));
  }
  return zombies;
}

const peak = (xs: Sample[], key: 'rss' | 'heap') => Math.max(...xs.map((s) => s[key]));
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function setup() {
  const { repo, data, c } = await fx.coreWithRepo({}, { files: { 'README.md': '# load\n' }, dataPrefix: 'switchyard-load-' });
  const r = await c.client.call('repos.open', { path: repo.path });
  return { client: c.client, repoId: r.id, dataDir: data.path, stop: () => c.stop() };
}

describe('load', () => {
  it(`${RUNS} runs each streaming ${RATE / 1000} KB/s for ${SECONDS} s: transcripts exact, memory plateaus, descriptors flat, no zombies`, async (ctx) => {
    if (process.platform !== 'linux') return ctx.skip('skipped: samples descriptors and zombies from /proc (Linux only)');
    const baseline = await sample();
    const { client, repoId, dataDir, stop } = await setup();
    const profile = await client.call('profiles.saveCommand', { name: 'producer', commandLine: `${process.execPath} ${PRODUCER} --rate ${RATE} --seconds ${SECONDS}` });
    const created = await client.call('threads.create', { repoId, prompt: 'load', baseBranch: 'main', agents: [{ profileId: profile.id, count: RUNS }] });
    const runs = () => client.call('threads.get', { threadId: created.thread.id }).then((t) => t.runs);
    await until(async () => (await runs()).every((r) => r.status === 'running'), 'every run to start', 60_000);

    const samples: Sample[] = [];
    const zombies = new Set<number>();
    const started = Date.now();
    let done: Run[] = [];
    // Samples only while all runs stream (start-up and the diffs after each exit are not steady state).
    while (Date.now() - started < (SECONDS + 120) * 1000) {
      done = await runs();
      if (done.some((r) => r.status !== 'running')) break;
      samples.push(await sample());
      for (const z of await zombieChildren()) zombies.add(z);
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
    await until(async () => (done = await runs()).every((r) => r.status !== 'running' && r.status !== 'starting'), 'every run to end', 120_000);
    expect(done.map((r) => [r.status, r.exitCode])).toEqual(done.map(() => ['exited', 0]));

    // Transcripts: exactly the producer's lines (the terminal turns "\n" into "\r\n"), and DONE.
    await stop(); // flushes every transcript
    const achieved: number[] = [];
    for (const run of done) {
      const emitted = JSON.parse(await readFile(join(run.worktreePath, 'emitted.json'), 'utf8')) as { lines: number; bytes: number; seconds: number };
      const text = withDb(dataDir, (db) => storedTranscript(db, run.id));
      const expected: string[] = [];
      for (let i = 0; i < emitted.lines; i++) expected.push((lineAt(i) as string).replace('\n', '\r\n'));
      expected.push(`DONE ${emitted.lines} ${emitted.bytes}\r\n`);
      expect(text.length, `characters stored for ${run.id}`).toBe(emitted.bytes + emitted.lines + `DONE ${emitted.lines} ${emitted.bytes}\r\n`.length);
      expect(text === expected.join(''), `transcript of ${run.id} is exactly what was emitted`).toBe(true);
      achieved.push(emitted.bytes / emitted.seconds);
    }
    for (const z of await zombieChildren()) zombies.add(z);
    const after = await sample();

    // Memory and descriptors while streaming: thirds of the samples.
    const third = Math.floor(samples.length / 3);
    const middle = samples.slice(third, 2 * third);
    const last = samples.slice(2 * third);
    const fds = samples.map((s) => s.fds);
    const report = {
      seconds: SECONDS, samples: samples.length,
      achievedKBps: achieved.map((a) => Math.round(a / 1000)),
      rss: { baseline: mb(baseline.rss), middlePeak: mb(peak(middle, 'rss')), lastPeak: mb(peak(last, 'rss')) },
      heap: { baseline: mb(baseline.heap), middlePeak: mb(peak(middle, 'heap')), lastPeak: mb(peak(last, 'heap')) },
      fds: { baseline: baseline.fds, min: Math.min(...fds), max: Math.max(...fds), afterStop: after.fds },
      zombies: [...zombies],
    };
    console.log(`load report: ${JSON.stringify(report)}`);
    console.log(`load samples (s, rss MB, heap MB, external MB, fds): ${samples.map((x) => [Math.round((x.at - started) / 1000), Math.round(x.rss / 1048576), Math.round(x.heap / 1048576), Math.round(x.external / 1048576), x.fds].join(' ')).join(' | ')}`);
    if (SECONDS >= PLATEAU_MIN_SECONDS) {
      expect(third, 'samples per third').toBeGreaterThanOrEqual(2);
      expect(peak(last, 'rss')).toBeLessThanOrEqual(peak(middle, 'rss') + RSS_SLACK_BYTES);
      expect(peak(last, 'heap')).toBeLessThanOrEqual(peak(middle, 'heap') + HEAP_SLACK_BYTES);
    } else {
      console.log(`memory plateau not asserted: ${SECONDS} s is shorter than the ${PLATEAU_MIN_SECONDS} s the process takes to reach its steady state`);
    }
    // Flat once streaming is under way: the first third includes start-up (worktree creation spawns git
    // children, each with its pipes), which once sampled 9 descriptors above the steady count.
    const steadyFds = samples.slice(third).map((s) => s.fds);
    expect(Math.max(...steadyFds) - Math.min(...steadyFds), 'descriptor range after start-up').toBeLessThanOrEqual(FD_SLACK);
    expect(after.fds).toBeLessThanOrEqual(baseline.fds + FD_SLACK);
    expect([...zombies]).toEqual([]);
  });

  it('12 runs created at once all succeed, as one thread and as 12 threads created concurrently', async () => {
    const { client, repoId } = await setup();
    const profile = await client.call('profiles.saveCommand', { name: 'short', commandLine: `${process.execPath} ${COUNTER} --max 5` });
    const agents = (count: number) => [{ profileId: profile.id, count }];
    const threads = await Promise.all([
      client.call('threads.create', { repoId, prompt: 'twelve at once', baseBranch: 'main', agents: agents(12) }),
      ...Array.from({ length: 12 }, (_, i) => client.call('threads.create', { repoId, prompt: `concurrent ${i}`, baseBranch: 'main', agents: agents(1) })),
    ]);
    const all = async () => (await Promise.all(threads.map((t) => client.call('threads.get', { threadId: t.thread.id })))).flatMap((t) => t.runs);
    await until(async () => (await all()).every((r) => r.status === 'exited' || r.status === 'failed'), 'all 24 runs to finish', 120_000);
    const runs = await all();
    expect(runs).toHaveLength(24);
    expect(runs.map((r) => [r.status, r.exitCode, r.failure])).toEqual(runs.map(() => ['exited', 0, null]));
    expect(new Set(runs.map((r) => r.worktreePath)).size).toBe(24);
    expect(new Set(runs.map((r) => r.branch)).size).toBe(24);
  });
});
