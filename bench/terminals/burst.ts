// bench/terminals/burst — research/performance.md T1 and T4 under a burst: 16 runs flood output at once
// through the whole pipeline (PTY → core: UTF-8 split, headless mirror, transcript, flow control →
// headless server → loopback WebSocket → the real RPC client → the renderer's TerminalRegistry and
// @xterm/xterm in Chromium), all 16 on screen as the board's cards (page/probe.ts). Every terminal
// parses every byte; the page acknowledges what xterm parsed with the renderer's AckCounter, as the
// app does. (The focused terminal, which renders every frame, is measured under the same flood by the
// interrupt bench.)
//
// Measured, all in one run:
// - limit: aggregate MB/s of 8 raw node-pty PTYs running the same producer, read by a bare Node loop
//   (lib/raw-pty.ts), median of BASELINE_REPETITIONS before and as many after the pipeline measurement
//   (never during it), so a change in the machine's load shifts limit and measurement alike;
// - delivered MB/s: characters xterm parsed in the page (write callbacks), all 16 terminals, over a
//   WINDOW_MS window that starts WARMUP_MS after every run is up; cross-checked against the ack
//   credits the core received;
// - core event-loop delay p99 (monitorEventLoopDelay in the core's own process, lib/core-host.ts);
// - renderer frame time p95 (requestAnimationFrame deltas in the page) over the same window;
// - reported with them: CPU time per MB delivered of the core and of each Chromium process (robust to
//   the machine's load, where throughput is not), and how often the cards repainted (card-refresh.ts).
// BURST_COLOUR=1 floods coloured lines instead (producers/flood.mjs), in the baseline too: the core's
// mirror then parses every byte, as for a coloured build log, where plain text lets it skip most.
// BENCH_PROFILE_DIR=<folder> also writes CPU profiles of the core's main thread and of the page over
// the window (core.cpuprofile, page.cpuprofile; open them in Chrome DevTools).
// Usage: npx tsx bench/terminals/burst.ts
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PRODUCERS } from './lib/paths';
import { buildProbePage, openProbe, requireChromium } from './lib/browser';
import { tempDir } from './lib/cleanup';
import { startCoreProcess } from './lib/core-process';
import { makeRepo, openFixture } from './lib/fixture';
import { rawPtyThroughput } from './lib/raw-pty';
import { isMain, runStandalone, type Bench, type Result } from './lib/report';
import { MB, median, percentile, sleep, sum } from './lib/stats';

/** Runs flooding at once (the most one thread may fan out to). */
const RUNS = 16;
/** PTYs of the raw baseline, as performance.md §3.1 / T1 ("8-PTY node-pty total"). */
const BASELINE_PTYS = 8;
/** Bytes each baseline producer writes: ~2 s per repetition at ~100 MB/s, long enough to reach steady state. */
const BASELINE_BYTES_EACH = 24e6;
/** Baseline repetitions before the pipeline runs, and again after it. */
const BASELINE_REPETITIONS = 2;
/** Settling time after every run is up and attached, before the window opens (spawn bursts, first replays). */
const WARMUP_MS = 2_000;
/** Measurement window: long enough for hundreds of frames and thousands of loop-delay samples. */
const WINDOW_MS = 8_000;
/** Idle page frames measured before the burst, as the same-run reference for frame time. */
const IDLE_FRAMES_MS = 1_000;

/** Goals (performance.md §5): delivered ≥ 35% of raw; core loop p99 ≤ one 16 ms frame; frame p95 < 50 ms. */
const GOAL_THROUGHPUT_RATIO = 0.35;
const FRAME_BUDGET_MS = 16;
const FRAME_P95_LIMIT_MS = 50;

export const burst: Bench = async (log) => {
  requireChromium();
  const producerArgs = process.env.BURST_COLOUR ? ['colour'] : [];
  const baseline = { ptys: BASELINE_PTYS, bytesEach: BASELINE_BYTES_EACH, repetitions: BASELINE_REPETITIONS, producerArgs };
  log(`raw baseline: ${BASELINE_PTYS} node-pty PTYs × ${BASELINE_BYTES_EACH / MB} MB, ${BASELINE_REPETITIONS} repetitions now and ${BASELINE_REPETITIONS} after`);
  const rawBefore = await rawPtyThroughput(baseline);

  const tmp = await tempDir('burst');
  const core = await startCoreProcess({ staticDir: await buildProbePage() });
  const fx = await openFixture(core.client, await makeRepo(tmp.path));
  const flood = await fx.profile('flood', ['node', PRODUCERS.flood, '0', ...producerArgs].join(' '));
  const probe = await openProbe(core.url);
  await probe.call('resetFrames');
  await sleep(IDLE_FRAMES_MS);
  const idleFrames = await probe.call('frames');

  const runs = await fx.thread([{ profileId: flood, count: RUNS }]);
  const ids = runs.map((r) => r.id);
  await probe.call('mount', ids, 'card');
  log(`${RUNS} runs up and attached as cards; warming up ${WARMUP_MS} ms, then measuring ${WINDOW_MS} ms`);
  await sleep(WARMUP_MS);

  const profileDir = process.env.BENCH_PROFILE_DIR;
  if (profileDir) {
    await probe.cdp.send('Profiler.enable');
    await probe.cdp.send('Profiler.start');
    await core.profileStart();
  }
  await core.probeStart();
  await probe.call('resetFrames');
  const before = await probe.call('counts');
  const reading0 = await core.probeRead();
  const acked0 = reading0.acked;
  const times0 = await probe.rendererTimes();
  const chromium0 = await probe.chromiumCpu();
  const t0 = performance.now();
  await sleep(WINDOW_MS);
  const after = await probe.call('counts');
  const elapsed = (performance.now() - t0) / 1000;
  const reading = await core.probeRead();
  const frames = await probe.call('frames');
  const times1 = await probe.rendererTimes();
  const chromium1 = await probe.chromiumCpu();
  if (profileDir) {
    const { profile } = await probe.cdp.send<{ profile: unknown }>('Profiler.stop');
    await writeFile(join(profileDir, 'page.cpuprofile'), JSON.stringify(profile));
    await core.profileStop(join(profileDir, 'core.cpuprofile'));
    log(`CPU profiles of the window in ${profileDir}`);
  }
  const busy = (k: keyof typeof times0) => `${(((times1[k] - times0[k]) / elapsed) * 100).toFixed(0)}%`;

  const delta = (id: string, k: 'parsed' | 'renders') => (after[id]?.[k] ?? 0) - (before[id]?.[k] ?? 0);
  const parsed = sum(ids.map((id) => delta(id, 'parsed')));
  const acked = sum(ids.map((id) => (reading.acked[id] ?? 0) - (acked0[id] ?? 0)));
  const perRun = ids.map((id) => delta(id, 'parsed') / MB / elapsed);
  const delivered = parsed / MB / elapsed;
  const frameP95 = percentile(frames, 95);
  const fps = frames.length / elapsed;
  // CPU per MB delivered, by process: robust to the machine's load where throughput is not.
  const perMB = (cpuSeconds: number) => `${((cpuSeconds * 1000) / (parsed / MB)).toFixed(0)}`;
  const chromiumCpu = Object.keys(chromium1)
    .map((type) => `${type} ${perMB((chromium1[type] ?? 0) - (chromium0[type] ?? 0))}`)
    .join(', ');
  const cardRenders = median(ids.map((id) => delta(id, 'renders') / elapsed));
  await probe.close();
  await core.dispose();
  await tmp.dispose();
  const rawAfter = await rawPtyThroughput(baseline);
  const rawRuns = [...rawBefore.runs, ...rawAfter.runs];
  const raw = { medianMBps: median(rawRuns), eldP99Ms: Math.max(rawBefore.eldP99Ms, rawAfter.eldP99Ms) };
  log(`raw baseline: ${rawRuns.map((x) => x.toFixed(1)).join(', ')} MB/s (median ${raw.medianMBps.toFixed(1)})`);

  return [
    {
      name: `burst throughput (16 runs → Chromium xterm${producerArgs.length > 0 ? ', coloured lines' : ''})`,
      measured: delivered,
      limit: raw.medianMBps,
      unit: 'MB/s',
      limitSource: `${BASELINE_PTYS} raw node-pty PTYs, bare Node loop, median of ${rawRuns.length} around the window, same run`,
      goal: GOAL_THROUGHPUT_RATIO,
      direction: 'min',
      detail:
        `parsed in page ${(parsed / MB).toFixed(1)} MB in ${elapsed.toFixed(2)} s; acked to core ${(acked / MB).toFixed(1)} MB; ` +
        `per run min/median/max ${percentile(perRun, 0).toFixed(2)}/${percentile(perRun, 50).toFixed(2)}/${percentile(perRun, 100).toFixed(2)} MB/s; ` +
        `raw runs ${rawRuns.map((x) => x.toFixed(1)).join('/')} MB/s; ` +
        `${((reading.ptyFrames - reading0.ptyFrames) / elapsed).toFixed(0)} frames/s of ${(parsed / Math.max(1, reading.ptyFrames - reading0.ptyFrames) / 1000).toFixed(1)} kB, ` +
        `${((reading.ackFrames - reading0.ackFrames) / elapsed).toFixed(0)} ack frames/s carrying ${((reading.ackCredits - reading0.ackCredits) / elapsed).toFixed(0)} credits/s; ` +
        `CPU ms per MB delivered: core ${perMB(reading.cpuMs / 1000)} (main thread ${perMB(reading.mainCpuMs / 1000)}), Chromium ${chromiumCpu}`,
    },
    {
      name: 'burst core event-loop delay p99',
      measured: reading.eld.p99,
      limit: FRAME_BUDGET_MS,
      unit: 'ms',
      limitSource: 'one 60 Hz frame',
      goal: 1,
      direction: 'max',
      detail:
        `core p50 ${reading.eld.p50.toFixed(2)} / max ${reading.eld.max.toFixed(1)} ms over ${reading.eld.samples} samples; ` +
        `core main-thread busy ${(reading.elu * 100).toFixed(0)}%, core CPU ${((reading.cpuMs / reading.wallMs) * 100).toFixed(0)}% of one core; ` +
        `same-run reference: bare node-pty reading loop p99 ${raw.eldP99Ms.toFixed(1)} ms`,
    },
    {
      name: 'burst renderer frame time p95',
      measured: frameP95,
      limit: FRAME_P95_LIMIT_MS,
      unit: 'ms',
      limitSource: 'performance.md T1 (p95 < 50 ms)',
      goal: 1,
      direction: 'max',
      detail:
        `${frames.length} frames (${fps.toFixed(0)}/s); p50 ${percentile(frames, 50).toFixed(1)} / max ${percentile(frames, 100).toFixed(1)} ms; ` +
        `same-run reference: idle page p95 ${percentile(idleFrames, 95).toFixed(1)} ms (${idleFrames.length} frames); ` +
        `renderer main thread busy ${busy('task')} (script ${busy('script')}, layout ${busy('layout')}, style ${busy('recalcStyle')}; ` +
        `${(((times1.task - times0.task) * 1000) / (parsed / MB)).toFixed(0)} ms per MB delivered); ` +
        `card repaints/s: median ${cardRenders.toFixed(1)}`,
    },
  ] satisfies Result[];
};

if (isMain(import.meta.url)) void runStandalone('burst', burst);
