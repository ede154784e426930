// Chromium for the benches: builds the probe page (page/) with Vite into a temp folder served by the
// core's headless server, launches Debian's Chromium over the bare DevTools protocol (cdp-browser.ts
// says why not Playwright), and opens the page on the server's loopback URL. Frame timing needs a real
// compositor, so the page runs in a visible-size viewport; headless Chromium still produces
// requestAnimationFrame at 60 Hz.
import { build } from 'vite';
import { hasChromium, CHROMIUM_PATH } from '../../../e2e/support/browser';
import { openCdpPage, type CdpPage } from './cdp-browser';
import { onCleanup, tempDir } from './cleanup';
import { PAGE_DIR } from './paths';
import type { ProbeApi } from '../page/probe';

/**
 * Viewport: a 2560 x 1440 screen, where a 4 x 4 grid of the board's cards (400 x 180 px) and a
 * focused pane beside it all fit, so every terminal is on screen and rendered.
 */
const VIEWPORT = { width: 2560, height: 1440 };

let built: Promise<string> | null = null;

/** Builds page/ once per bench (with the renderer's stylesheets); returns the folder to serve. */
export function buildProbePage(): Promise<string> {
  built ??= (async () => {
    // The folder goes with the bench's cleanup; the next bench builds again.
    onCleanup(() => void (built = null));
    const out = await tempDir('page');
    await build({
      configFile: false,
      root: PAGE_DIR,
      base: '/',
      logLevel: 'error',
      publicDir: false,
      build: { outDir: out.path, emptyOutDir: true, minify: false, reportCompressedSize: false },
    });
    return out.path;
  })();
  return built;
}

export function requireChromium(): void {
  if (!hasChromium()) throw new Error(`No Chromium at ${CHROMIUM_PATH} (set SWITCHYARD_CHROMIUM).`);
}

export interface ProbeBrowser {
  /** The page's DevTools protocol session (heap readings, metrics). */
  cdp: CdpPage;
  /** Calls a method of the page's `window.bench`. */
  call<K extends keyof ProbeApi>(name: K, ...args: Parameters<ProbeApi[K]>): Promise<Awaited<ReturnType<ProbeApi[K]>>>;
  /** The renderer's cumulative main-thread times, in seconds (CDP Performance.getMetrics). */
  rendererTimes(): Promise<RendererTimes>;
  /** Cumulative CPU seconds of Chromium's processes by type (renderer, browser, gpu, utility), from SystemInfo. */
  chromiumCpu(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface RendererTimes {
  /** All tasks on the renderer's main thread. */
  task: number;
  script: number;
  layout: number;
  recalcStyle: number;
}

/** Time the probe page may take to load and define `window.bench`, in ms. */
const LOAD_TIMEOUT_MS = 15_000;

export async function openProbe(url: string): Promise<ProbeBrowser> {
  requireChromium();
  const cdp = await openCdpPage(url, VIEWPORT);
  const deadline = Date.now() + LOAD_TIMEOUT_MS;
  while (!(await cdp.evaluate<boolean>("'bench' in globalThis").catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`probe page did not load: ${cdp.errors.join('; ') || 'no window.bench'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const call = (async (name: string, ...args: unknown[]) =>
    cdp.evaluate(`globalThis.bench[${JSON.stringify(name)}](...${JSON.stringify(args)})`)) as ProbeBrowser['call'];
  await cdp.send('Performance.enable');
  const rendererTimes = async (): Promise<RendererTimes> => {
    const { metrics } = await cdp.send<{ metrics: { name: string; value: number }[] }>('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), recalcStyle: get('RecalcStyleDuration') };
  };
  const chromiumCpu = async (): Promise<Record<string, number>> => {
    const { processInfo } = await cdp.sendBrowser<{ processInfo: { type: string; cpuTime: number }[] }>('SystemInfo.getProcessInfo');
    const byType: Record<string, number> = {};
    for (const p of processInfo) byType[p.type] = (byType[p.type] ?? 0) + p.cpuTime;
    return byType;
  };
  return { cdp, call, rendererTimes, chromiumCpu, close: () => cdp.close() };
}
