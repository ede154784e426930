// Diagnostic, not a bench (no goal, no verdict): the burst of burst.ts (16 flooding runs as cards), then a
// TRACE_MS Chrome trace, printed as task time per Chromium thread and, for the page's main thread, wall
// and CPU time per trace event name. It answers what a CPU profile cannot: how much of the main thread's
// busy time is spent off the CPU (descheduled on a loaded machine), and which rendering phases
// (style, layout, paint, commit) and message dispatches cost what.
// Usage: npx tsx bench/terminals/trace-burst.ts
import { buildProbePage, openProbe } from './lib/browser';
import { tempDir } from './lib/cleanup';
import { startCoreProcess } from './lib/core-process';
import { makeRepo, openFixture } from './lib/fixture';
import { PRODUCERS } from './lib/paths';
import { runStandalone } from './lib/report';
import { sleep } from './lib/stats';

/** Traced span, ms: long enough for ~180 frames, short enough that the trace buffer keeps every event. */
const TRACE_MS = 3_000;
/** Settling time after the runs are up, ms (as burst.ts WARMUP_MS). */
const WARMUP_MS = 2_000;

void runStandalone('trace', async (log) => {
  const tmp = await tempDir('trace');
  const core = await startCoreProcess({ staticDir: await buildProbePage() });
  const fx = await openFixture(core.client, await makeRepo(tmp.path));
  const flood = await fx.profile('flood', `node ${PRODUCERS.flood}`);
  const probe = await openProbe(core.url);
  const runs = await fx.thread([{ profileId: flood, count: 16 }]);
  await probe.call('mount', runs.map((r) => r.id), 'card');
  await sleep(WARMUP_MS);
  type Ev = { name: string; ph: string; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string } };
  const events: Ev[] = [];
  probe.cdp.onEvent('Tracing.dataCollected', (p) => events.push(...(p as { value: Ev[] }).value));
  const done = new Promise<void>((r) => probe.cdp.onEvent('Tracing.tracingComplete', () => r()));
  await probe.cdp.sendBrowser('Tracing.start', { categories: 'toplevel,devtools.timeline,v8,blink,cc,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  const c0 = await probe.call('counts');
  await sleep(TRACE_MS);
  const c1 = await probe.call('counts');
  await probe.cdp.sendBrowser('Tracing.end');
  await done;
  const parsed = Object.keys(c1).reduce((a, id) => a + (c1[id]!.parsed - (c0[id]?.parsed ?? 0)), 0);
  const names = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}/${e.tid}`, e.args?.name ?? '?']));
  const perThread = new Map<string, number>();
  for (const e of events) if (e.ph === 'X' && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask')) perThread.set(`${e.pid}/${e.tid}`, (perThread.get(`${e.pid}/${e.tid}`) ?? 0) + (e.dur ?? 0));
  for (const [k, d] of [...perThread].sort((a, b) => b[1] - a[1]).slice(0, 12)) log(`thread ${k} ${names.get(k)}: ${(d / 1000).toFixed(0)} ms in tasks`);
  const busiest = [...perThread].filter(([k]) => names.get(k) === 'CrRendererMain').sort((a, b) => b[1] - a[1])[0]?.[0];
  const main = busiest ? { pid: Number(busiest.split('/')[0]), tid: Number(busiest.split('/')[1]) } : undefined;
  const sums = new Map<string, { dur: number; tdur: number; n: number }>();
  for (const e of events) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X') continue;
    const s = sums.get(e.name) ?? { dur: 0, tdur: 0, n: 0 };
    s.dur += e.dur ?? 0;
    s.tdur += e.tdur ?? 0;
    s.n += 1;
    sums.set(e.name, s);
  }
  log(`parsed ${(parsed / 1e6).toFixed(1)} MB in ${TRACE_MS / 1000} s; main thread: wall / CPU / count per event name`);
  for (const [name, s] of [...sums].sort((a, b) => b[1].dur - a[1].dur).slice(0, 40))
    log(`${(s.dur / 1000).toFixed(0).padStart(6)} ms wall ${(s.tdur / 1000).toFixed(0).padStart(6)} ms cpu ${String(s.n).padStart(6)}× ${name}`);
  await probe.close();
  await core.dispose();
  await tmp.dispose();
  return [];
});
