// Chromium for the benches: builds the probe page (page/) with Vite into a temp folder served by the
// core's headless server, launches Debian's Chromium through playwright-core (e2e/support/browser.ts),
// and opens the page on the server's loopback URL. Frame timing needs a real compositor, so the page
// runs in a visible-size viewport; headless Chromium still produces requestAnimationFrame at 60 Hz.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { hasChromium, launchChromium, CHROMIUM_PATH } from '../../../e2e/support/browser';
import { onCleanup, tempDir } from './cleanup';
import { PAGE_DIR, REPO_ROOT } from './paths';
import type { ProbeApi } from '../page/probe';

/** Viewport: a 4 x 4 grid of 240 px cards fits, so every terminal is on screen and rendered. */
const VIEWPORT = { width: 1920, height: 1000 };

let built: Promise<string> | null = null;

/** Builds page/ once per bench (xterm.css copied next to it); returns the folder to serve. */
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
    await cp(join(REPO_ROOT, 'node_modules/@xterm/xterm/css/xterm.css'), join(out.path, 'xterm.css'));
    return out.path;
  })();
  return built;
}

export function requireChromium(): void {
  if (!hasChromium()) throw new Error(`No Chromium at ${CHROMIUM_PATH} (set SWITCHYARD_CHROMIUM).`);
}

export interface ProbeBrowser {
  browser: Browser;
  page: Page;
  /** Calls a method of the page's `window.bench`. */
  call<K extends keyof ProbeApi>(name: K, ...args: Parameters<ProbeApi[K]>): Promise<Awaited<ReturnType<ProbeApi[K]>>>;
  /** The renderer's cumulative main-thread times, in seconds (CDP Performance.getMetrics). */
  rendererTimes(): Promise<RendererTimes>;
  close(): Promise<void>;
}

export interface RendererTimes {
  /** All tasks on the renderer's main thread. */
  task: number;
  script: number;
  layout: number;
  recalcStyle: number;
}

export async function openProbe(url: string): Promise<ProbeBrowser> {
  requireChromium();
  const browser = await launchChromium();
  const close = onCleanup(() => browser.close());
  const page = await browser.newPage({ viewport: VIEWPORT });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(url);
  await page.waitForFunction(() => 'bench' in globalThis, undefined, { timeout: 15_000 }).catch((err: unknown) => {
    throw new Error(`probe page did not load: ${errors.join('; ') || String(err)}`);
  });
  const call = (async (name: string, ...args: unknown[]) =>
    page.evaluate(
      ([n, a]) => {
        const api = (globalThis as unknown as { bench: Record<string, (...x: unknown[]) => unknown> }).bench;
        return api[n as string]!(...(a as unknown[]));
      },
      [name, args] as const,
    )) as ProbeBrowser['call'];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const rendererTimes = async (): Promise<RendererTimes> => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), recalcStyle: get('RecalcStyleDuration') };
  };
  return { browser, page, call, rendererTimes, close };
}
