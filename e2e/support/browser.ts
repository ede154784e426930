// Launches Debian's Chromium through playwright-core (never a downloaded browser), with the flags
// this offline machine needs, and reports plainly when no Chromium is installed.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.SWITCHYARD_CHROMIUM ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Flags for Debian's Chromium on an offline machine without a GPU, shared with the terminal benches'
 * DevTools-pipe browser (bench/terminals/lib/cdp-browser.ts).
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Keep timers and animation frames running at full rate whatever Chromium thinks of the window.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_FLAGS] });
}

/** What a spec may add to a board page's context: permissions such as the clipboard's. */
export type BoardPageOptions = Pick<BrowserContextOptions, 'permissions'>;

/** A page the size of a laptop screen in the app's default (dark) look; uncaught page errors go to `onError`. */
export async function boardPage(browser: Browser, onError: (message: string) => void, options: BoardPageOptions = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark', ...options });
  page.on('pageerror', (err) => onError(err.message));
  return page;
}
