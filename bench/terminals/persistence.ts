// bench/terminals/persistence — research/performance.md P1: CPU cost of persisting transcripts. 16 runs
// print an agent-TUI stream at 256 KB/s each (producers/tui-rate.mjs) with one client attached that
// acknowledges like the renderer (the renderer's AckCounter, over a real WebSocket). The core's whole
// process CPU (every thread: main, transcript worker; process.cpuUsage in lib/core-host.ts) is measured
// over WINDOW_MS with transcripts persisted, and again with createCore({ persistTranscripts: false }),
// PAIRS times in ABBA order (on off, off on, on off…) so linear drift on this noisy machine cancels.
// Limit: the mean CPU with persistence off, same run. Goal: persistence on at most 15% above it.
// A sanity check reads the database afterwards: transcript rows exist with persistence on, none with it off.
// Usage: npx tsx bench/terminals/persistence.ts
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AckCounter } from '../../src/renderer/src/terminals/ack-counter';
import { PRODUCERS } from './lib/paths';
import { tempDir } from './lib/cleanup';
import { startCoreProcess } from './lib/core-process';
import { makeRepo, openFixture } from './lib/fixture';
import { isMain, runStandalone, type Bench, type Result } from './lib/report';
import { mean, sleep } from './lib/stats';

/** Runs streaming at once. */
const RUNS = 16;
/** Output rate of each run, KiB/s (performance.md T3/P1: 16 × 256 KB/s ≈ 4 MB/s, several busy agents). */
const KBPS = 256;
/** Settling time after every run is up and attached (spawn burst, first screens saved). */
const WARMUP_MS = 2_000;
/** CPU measurement window per mode and pair. */
const WINDOW_MS = 8_000;
/** on/off pairs; each mode's figure is the mean over its windows. */
const PAIRS = 3;
/** P1: at most 15% overhead at ≤ 4 MB/s. */
const GOAL_RATIO = 1.15;

interface Window {
  persist: boolean;
  cpuPct: number;
  chars: number;
  transcriptRows: number;
}

async function measure(persist: boolean, log: (m: string) => void): Promise<Window> {
  const tmp = await tempDir(`persist-${persist ? 'on' : 'off'}`);
  const core = await startCoreProcess({ coreOptions: { persistTranscripts: persist } });
  const fx = await openFixture(core.client, await makeRepo(tmp.path));
  const profile = await fx.profile('tui', `node ${PRODUCERS.tuiRate} ${KBPS}`);
  const viewer = await core.connect();
  const runs = await fx.thread([{ profileId: profile, count: RUNS }]);
  let chars = 0;
  for (const r of runs) {
    const acks = new AckCounter((n) => viewer.ack(r.id, n));
    viewer.onPty(r.id, (data, replay) => {
      if (replay) acks.restart();
      chars += data.length;
      acks.track(data.length)();
    });
    await viewer.call('runs.attach', { runId: r.id });
  }
  await sleep(WARMUP_MS);
  await core.probeStart();
  const chars0 = chars;
  await sleep(WINDOW_MS);
  const reading = await core.probeRead();
  const received = chars - chars0;
  await core.stopCore();
  const db = new Database(join(core.dataDir, 'switchyard.db'), { readonly: true, fileMustExist: true });
  const transcriptRows = (db.prepare('SELECT count(*) AS n FROM transcript_chunks').get() as { n: number }).n;
  db.close();
  await core.dispose();
  await tmp.dispose();
  const cpuPct = (reading.cpuMs / reading.wallMs) * 100;
  log(`persistence ${persist ? 'on ' : 'off'}: core CPU ${cpuPct.toFixed(1)}% of one core; ${(received / 1e6 / (reading.wallMs / 1000)).toFixed(2)} MB/s delivered; ${transcriptRows} transcript rows`);
  return { persist, cpuPct, chars: received, transcriptRows };
}

export const persistence: Bench = async (log) => {
  const windows: Window[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const first = i % 2 === 0;
    windows.push(await measure(first, log));
    windows.push(await measure(!first, log));
  }
  const on = windows.filter((w) => w.persist);
  const off = windows.filter((w) => !w.persist);
  const switchWorks = on.every((w) => w.transcriptRows > 0) && off.every((w) => w.transcriptRows === 0);
  const onCpu = mean(on.map((w) => w.cpuPct));
  const offCpu = mean(off.map((w) => w.cpuPct));
  return [
    {
      name: `persistence overhead (${RUNS} runs × ${KBPS} KB/s)`,
      // A switch that does not switch would make the ratio meaningless: report it as a failure.
      measured: switchWorks ? onCpu : Number.POSITIVE_INFINITY,
      limit: offCpu,
      unit: '% CPU',
      limitSource: `same load with createCore({ persistTranscripts: false }), mean of ${PAIRS}, ABBA order`,
      goal: GOAL_RATIO,
      direction: 'max',
      detail:
        `on ${on.map((w) => w.cpuPct.toFixed(1)).join('/')}%, off ${off.map((w) => w.cpuPct.toFixed(1)).join('/')}% of one core; ` +
        `transcript rows on ${on.map((w) => w.transcriptRows).join('/')}, off ${off.map((w) => w.transcriptRows).join('/')}` +
        (switchWorks ? '' : ' — persistTranscripts: false did not turn persistence off (or on did not persist)'),
    },
  ] satisfies Result[];
};

if (isMain(import.meta.url)) void runStandalone('persistence', persistence);
