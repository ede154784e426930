// bench/terminals/memory — research/performance.md T7: memory per run inside our processes, the agent
// itself excluded (it is a separate process, never counted). 16 live runs each print the same coloured
// 120-column lines, enough to fill the core mirror's scrollback and screen, and stay alive.
//
// Limit, same run: a bare @xterm/headless terminal with the same size and scrollback fed the same bytes
// (lib/xterm-baseline.ts, own process, heap + ArrayBuffers after forced GC, per terminal).
// Measured:
// - core process (lib/core-host.ts): growth of heap + ArrayBuffers after forced GC, from before the 16
//   runs start to after their output is parsed and the probe page is attached, divided by 16;
// - core + renderer: the above plus the probe page's growth per mounted terminal (Chromium, via CDP
//   Runtime.getHeapUsage: JS heap + Blink embedder heap + ArrayBuffer backing stores, after GC).
// Goal: each at most 2x the bare terminal.
// Usage: npx tsx bench/terminals/memory.ts
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Mirror } from '../../src/core/terminals/terminal-constants';
import { RunLimits } from '../../src/core/runs/run-constants';
import { PRODUCERS, REPO_ROOT, XTERM_BASELINE } from './lib/paths';
import { buildProbePage, openProbe, requireChromium } from './lib/browser';
import { tempDir } from './lib/cleanup';
import { startCoreProcess, waitQuiet } from './lib/core-process';
import { makeRepo, openFixture } from './lib/fixture';
import { isMain, runStandalone, type Bench, type Result } from './lib/report';
import { sleep } from './lib/stats';

const execFileP = promisify(execFile);

/** Live runs measured together (per-run figures are the growth divided by this). */
const RUNS = 16;
/** Lines printed beyond scrollback + screen, so both are full. */
const EXTRA_LINES = 8;
/** T7: at most 2x the bare headless terminal. */
const GOAL_RATIO = 2;
const MiB = 1024 * 1024;

/** One coloured line of perf-scripts/xterm-memory.js: SGR 256-colour, bold, ~120 visible columns. */
const line = (i: number): string =>
  `\x1b[38;5;${16 + (i % 200)}m${String(i).padStart(8)} \x1b[1m${'x'.repeat(40)}\x1b[0m ${'lorem ipsum '.repeat(6)}`.slice(0, 140) + '\n';

interface PageHeap {
  usedSize: number;
  embedderHeapUsedSize?: number;
  backingStorageSize?: number;
}
const pageBytes = (h: PageHeap): number => h.usedSize + (h.embedderHeapUsedSize ?? 0) + (h.backingStorageSize ?? 0);

export const memory: Bench = async (log) => {
  requireChromium();
  const tmp = await tempDir('memory');
  const cols = RunLimits.initialCols;
  const rows = RunLimits.initialRows;
  const scrollback = Mirror.scrollbackLines;
  const lines = Array.from({ length: scrollback + rows + EXTRA_LINES }, (_, i) => line(i)).join('');
  const file = join(tmp.path, 'fill.txt');
  await writeFile(file, lines);
  log(`fill: ${scrollback + rows + EXTRA_LINES} lines, ${(lines.length / 1e6).toFixed(2)} MB; terminal ${cols}x${rows}, scrollback ${scrollback}`);

  const { stdout } = await execFileP(process.execPath, ['--import', 'tsx', '--expose-gc', XTERM_BASELINE, String(RUNS), String(cols), String(rows), String(scrollback), file], {
    cwd: REPO_ROOT,
  });
  const baseline = JSON.parse(stdout.trim().split('\n').pop() as string) as { perTerminal: { heapAndBuffers: number; rss: number }; bufferLines: number };
  log(`bare @xterm/headless: ${(baseline.perTerminal.heapAndBuffers / MiB).toFixed(2)} MiB per terminal (${baseline.bufferLines} buffer lines)`);

  const core = await startCoreProcess({ staticDir: await buildProbePage() });
  const fx = await openFixture(core.client, await makeRepo(tmp.path));
  const profile = await fx.profile('fill', `node ${PRODUCERS.writeFile} ${file} stay`);
  const probe = await openProbe(core.url);
  const cdp = probe.cdp;
  const pageHeap = async (): Promise<number> => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return pageBytes((await cdp.send('Runtime.getHeapUsage')) as PageHeap);
  };

  // Warm-up: one run through the whole path (lazy modules, statements, worker) before the baseline reading.
  const [warm] = await fx.thread([{ profileId: profile, count: 1 }]);
  await probe.call('mount', [(warm as { id: string }).id]);
  await waitQuiet(core);
  await probe.call('unmount', [(warm as { id: string }).id]);
  await core.client.call('runs.stop', { runId: (warm as { id: string }).id as never });
  await waitQuiet(core);

  const core0 = await core.memory();
  const page0 = await pageHeap();
  const runs = await fx.thread([{ profileId: profile, count: RUNS }]);
  await waitQuiet(core);
  const core1 = await core.memory();
  const ids = runs.map((r) => r.id);
  await probe.call('mount', ids);
  // The page is done when every terminal got its replay and nothing more is being parsed.
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const p = await probe.call('counts');
    const total = Object.values(p).reduce((a, b) => a + b.parsed, 0);
    if (total === last) break;
    last = total;
    await sleep(300);
  }
  await waitQuiet(core);
  const core2 = await core.memory();
  const page1 = await pageHeap();
  await probe.close();
  await core.dispose();
  await tmp.dispose();

  const heapAb = (m: { heapUsed: number; arrayBuffers: number }) => m.heapUsed + m.arrayBuffers;
  const corePerRun = (heapAb(core2) - heapAb(core0)) / RUNS;
  const coreUnattached = (heapAb(core1) - heapAb(core0)) / RUNS;
  const pagePerRun = (page1 - page0) / RUNS;
  const limit = baseline.perTerminal.heapAndBuffers / MiB;
  const mib = (n: number) => `${(n / MiB).toFixed(2)} MiB`;
  return [
    {
      name: 'memory per run, core process',
      measured: corePerRun / MiB,
      limit,
      unit: 'MiB',
      limitSource: `bare @xterm/headless ${cols}x${rows}, scrollback ${scrollback}, same bytes, same run`,
      goal: GOAL_RATIO,
      direction: 'max',
      detail: `before attach ${mib(coreUnattached)} per run; RSS growth ${mib((core2.rss - core0.rss) / RUNS)} per run (bare terminal RSS ${mib(baseline.perTerminal.rss)})`,
    },
    {
      name: 'memory per run, core + renderer page',
      measured: (corePerRun + pagePerRun) / MiB,
      limit,
      unit: 'MiB',
      limitSource: 'same bare terminal',
      goal: GOAL_RATIO,
      direction: 'max',
      detail: `page ${mib(pagePerRun)} per mounted terminal (JS + Blink heaps + ArrayBuffers after GC, DOM renderer, card settings)`,
    },
  ] satisfies Result[];
};

if (isMain(import.meta.url)) void runStandalone('memory', memory);
