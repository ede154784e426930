// bench/terminals/persistence — research/performance.md P1: CPU cost of persisting transcripts, against
// "the terminal pipeline's own CPU at the same load" (P1; T3 counts all our processes, rendering
// included). Two whole pipelines run side by side: each a core in a process of its own (lib/core-host.ts)
// with 16 runs printing an agent-TUI stream at 256 KB/s (producers/tui-rate.mjs), shown in a Chromium
// window of its own as the board's 16 cards (page/probe.ts: the renderer's real terminals, which parse
// every byte and acknowledge it). One core persists transcripts, the other runs with
// createCore({ persistTranscripts: false }). Both are measured over the same ROUNDS windows of WINDOW_MS:
// CPU of the core process (every thread: main, transcript worker) plus its window's Chromium processes,
// per MB delivered. Because both run at the same time, a change in the machine's load (other processes
// come and go on this shared 2-core box) hits both alike and cancels out of the ratio, where measuring
// one after the other made it swing by ±10%.
// Limit: the pipeline's CPU with persistence off, same windows. Goal: persistence on at most 15% above
// it. Reported with it: the same ratio for the core process alone (the window's share left out).
// A sanity check reads the databases afterwards: transcript rows exist with persistence on, none with it off.
// Usage: npx tsx bench/terminals/persistence.ts
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PRODUCERS } from './lib/paths';
import { buildProbePage, openProbe, requireChromium, type ProbeBrowser } from './lib/browser';
import { tempDir } from './lib/cleanup';
import { startCoreProcess, type CoreProcess } from './lib/core-process';
import { makeRepo, openFixture } from './lib/fixture';
import { isMain, runStandalone, type Bench, type Result } from './lib/report';
import { median, MB, sleep, sum } from './lib/stats';
import type { ProbeReading } from './lib/host-protocol';

/** Runs streaming at once in each core. */
const RUNS = 16;
/** Output rate of each run, KiB/s (performance.md T3/P1: 16 × 256 KB/s ≈ 4 MB/s, several busy agents). */
const KBPS = 256;
/** Settling time after every run is up and attached (spawn burst, first screens saved). */
const WARMUP_MS = 3_000;
/** One measurement window; both cores are read over the same one. */
const WINDOW_MS = 5_000;
/** Windows measured; the goal compares the CPU summed over all of them. */
const ROUNDS = 6;
/** P1: at most 15% overhead at ≤ 4 MB/s. */
const GOAL_RATIO = 1.15;

interface Side {
  persist: boolean;
  core: CoreProcess;
  window: ProbeBrowser;
  runIds: string[];
}

async function startSide(persist: boolean, staticDir: string): Promise<Side> {
  const tmp = await tempDir(`persist-${persist ? 'on' : 'off'}`);
  const core = await startCoreProcess({ staticDir, coreOptions: { persistTranscripts: persist } });
  const fx = await openFixture(core.client, await makeRepo(tmp.path));
  const profile = await fx.profile('tui', `node ${PRODUCERS.tuiRate} ${KBPS}`);
  const runs = await fx.thread([{ profileId: profile, count: RUNS }]);
  const window = await openProbe(core.url);
  const runIds = runs.map((r) => r.id);
  await window.call('mount', runIds, 'card');
  return { persist, core, window, runIds };
}

/** What one side did over a window: CPU of the core and of its Chromium, characters its window parsed. */
interface Reading {
  core: ProbeReading;
  chromiumMs: number;
  chars: number;
}

async function readSide(side: Side): Promise<() => Promise<Reading>> {
  const parsed = async () => sum(Object.values(await side.window.call('counts')).map((c) => c.parsed));
  const cpu = async () => sum(Object.values(await side.window.chromiumCpu())) * 1000;
  const [chars0, chromium0] = [await parsed(), await cpu()];
  await side.core.probeStart();
  return async () => {
    const core = await side.core.probeRead();
    return { core, chromiumMs: (await cpu()) - chromium0, chars: (await parsed()) - chars0 };
  };
}

/** Transcript rows in a stopped core's database. */
function transcriptRows(core: CoreProcess): number {
  const db = new Database(join(core.dataDir, 'switchyard.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM transcript_chunks').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

interface Round {
  on: Reading;
  off: Reading;
}

export const persistence: Bench = async (log) => {
  requireChromium();
  const staticDir = await buildProbePage();
  const [on, off] = await Promise.all([startSide(true, staticDir), startSide(false, staticDir)]);
  log(`two pipelines side by side, ${RUNS} runs × ${KBPS} KiB/s each shown as cards; warming up ${WARMUP_MS} ms, then ${ROUNDS} windows of ${WINDOW_MS} ms`);
  await sleep(WARMUP_MS);
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const [endOn, endOff] = await Promise.all([readSide(on), readSide(off)]);
    await sleep(WINDOW_MS);
    const [onReading, offReading] = await Promise.all([endOn(), endOff()]);
    rounds.push({ on: onReading, off: offReading });
  }
  await Promise.all([on.window.close(), off.window.close()]);
  await Promise.all([on.core.stopCore(), off.core.stopCore()]);
  const rows = { on: transcriptRows(on.core), off: transcriptRows(off.core) };
  await Promise.all([on.core.dispose(), off.core.dispose()]);

  /** CPU ms per MB delivered: the whole pipeline, or the core process alone. */
  const perMB = (r: Reading, coreOnly = false) => (r.core.cpuMs + (coreOnly ? 0 : r.chromiumMs)) / (r.chars / MB);
  const total = (side: 'on' | 'off', coreOnly = false): number =>
    (sum(rounds.map((r) => r[side].core.cpuMs)) + (coreOnly ? 0 : sum(rounds.map((r) => r[side].chromiumMs)))) / (sum(rounds.map((r) => r[side].chars)) / MB);
  const ratios = rounds.map((r) => perMB(r.on) / perMB(r.off));
  const coreRatio = total('on', true) / total('off', true);
  for (const [i, r] of rounds.entries()) {
    log(
      `window ${i + 1}: on ${perMB(r.on).toFixed(1)} / off ${perMB(r.off).toFixed(1)} CPU ms/MB (ratio ${(ratios[i] as number).toFixed(3)}; ` +
        `core alone ${perMB(r.on, true).toFixed(1)} / ${perMB(r.off, true).toFixed(1)}); ${(r.on.chars / MB / (r.on.core.wallMs / 1000)).toFixed(2)} MB/s delivered`,
    );
  }
  const mainShare = (side: 'on' | 'off') => sum(rounds.map((r) => r[side].core.mainCpuMs)) / sum(rounds.map((r) => r[side].core.cpuMs));
  const switchWorks = rows.on > 0 && rows.off === 0;
  return [
    {
      name: `persistence overhead (${RUNS} runs × ${KBPS} KB/s)`,
      // A switch that does not switch would make the ratio meaningless: report it as a failure.
      measured: switchWorks ? total('on') : Number.POSITIVE_INFINITY,
      limit: total('off'),
      unit: 'CPU ms/MB',
      limitSource: `the same pipeline (core + window) with createCore({ persistTranscripts: false }), run at the same time, ${ROUNDS} × ${WINDOW_MS / 1000} s`,
      goal: GOAL_RATIO,
      direction: 'max',
      detail:
        `per-window ratios ${ratios.map((r) => r.toFixed(3)).join('/')} (median ${median(ratios).toFixed(3)}); ` +
        `core process alone ${total('on', true).toFixed(1)} / ${total('off', true).toFixed(1)} CPU ms/MB = ${coreRatio.toFixed(3)} ` +
        `(its main thread ${(mainShare('on') * 100).toFixed(0)}% of it with persistence on, ${(mainShare('off') * 100).toFixed(0)}% off); ` +
        `transcript rows on ${rows.on}, off ${rows.off}` +
        (switchWorks ? '' : ' — persistTranscripts: false did not turn persistence off (or on did not persist)'),
    },
  ] satisfies Result[];
};

if (isMain(import.meta.url)) void runStandalone('persistence', persistence);
