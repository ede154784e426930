// The golden flow in the desktop app itself. Runs wherever an Electron binary is installed; where it
// is not (offline CI installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1) it reports "skipped: no Electron binary".
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_AGENT } from '../test/helpers/core-harness';
import { makeTempRepo } from '../test/helpers/git-fixtures';
import { installedElectronBinary } from '../scripts/electron-binary';
import { eventually, openRepo, runCards, saveCommandProfile, startThread, statuses, terminalText } from './support/board-flow';

const binary = installedElectronBinary();
const MAIN = fileURLToPath(new URL('../out/main/index.js', import.meta.url));
if (!binary) console.warn('skipped: no Electron binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); the Chromium e2e covers the renderer and core');

describe.skipIf(!binary)('desktop app (Electron)', () => {
  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;
  let repo: { path: string; cleanup(): Promise<void> };

  const launch = async () => {
    app = await electron.launch({ executablePath: binary!, args: [MAIN], env: { ...process.env, SWITCHYARD_DATA_DIR: dataDir } as Record<string, string> });
    page = await app.firstWindow();
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchyard-electron-'));
    repo = await makeTempRepo({ dirName: 'électron repo "x"', files: { 'README.md': '# demo\n' } });
    await launch();
  });
  afterAll(async () => {
    await app?.close();
    await repo?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is hardened: no Node in the page, no new windows, no navigation away', async () => {
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
    expect(await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com'))).toBeNull();
    const before = page.url();
    await page.evaluate(() => ((globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com'));
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  it('runs the page isolated and sandboxed, with no webview, and a preload that leaves no trace in the page', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const wc = BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences?: () => Record<string, unknown> | null; session: { getPreloads?: () => string[] } };
      return { last: wc.getLastWebPreferences?.() ?? null, sessionPreloads: wc.session.getPreloads?.() ?? [] };
    });
    if (prefs.last) {
      expect(prefs.last).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true });
      expect(prefs.last.webviewTag ?? false).toBe(false);
      expect(prefs.last.allowRunningInsecureContent ?? false).toBe(false);
    } else {
      console.log('note: this Electron has no webContents.getLastWebPreferences(); checked from the page instead');
    }
    expect(prefs.sessionPreloads).toEqual([]);
    // Whatever the preload did, the page sees no Node, no Electron and no bridge object.
    const leaked = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      return ['require', 'process', 'module', 'exports', 'Buffer', 'global', '__dirname', 'electron', 'ipcRenderer', 'switchyard', 'api', 'bridge'].filter((n) => typeof g[n] !== 'undefined');
    });
    expect(leaked).toEqual([]);
    // A <webview> is refused (will-attach-webview) and would be inert without the webviewTag preference.
    const webview = await page.evaluate(async () => {
      const el = document.createElement('webview');
      el.setAttribute('src', 'https://example.com');
      document.body.append(el);
      await new Promise((r) => setTimeout(r, 500));
      const attached = typeof (el as unknown as { getWebContentsId?: unknown }).getWebContentsId === 'function';
      el.remove();
      return attached;
    });
    expect(webview).toBe(false);
    expect(await app.evaluate(({ webContents }) => webContents.getAllWebContents().length)).toBe(1);
  });

  it('blocks navigation, new windows and unsafe links; opens only http(s) externally; grants only the permissions it needs', async () => {
    await app.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as unknown as { __opened: string[] }).__opened = opened;
      shell.openExternal = async (url: string) => {
        opened.push(url);
      };
    });
    const before = page.url();
    for (const url of ['file:///etc/passwd', 'javascript:window.__pwned=1', 'data:text/html,<script>window.__pwned=1</script>', 'https://example.com/x']) {
      expect(await page.evaluate((u) => window.open(u), url), url).toBeNull();
    }
    for (const url of ['file:///etc/passwd', 'https://example.com/away']) {
      await page.evaluate((u) => (location.href = u), url);
      await page.waitForTimeout(500);
      expect(page.url(), url).toBe(before);
    }
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    expect(await app.evaluate(() => (globalThis as unknown as { __opened: string[] }).__opened)).toEqual(['https://example.com/x']);
    const permissions = await page.evaluate(async () => {
      const state = async (name: string) => {
        try {
          return (await navigator.permissions.query({ name } as PermissionDescriptor)).state;
        } catch {
          return 'unsupported';
        }
      };
      return { geolocation: await state('geolocation'), camera: await state('camera'), microphone: await state('microphone'), midi: await state('midi') };
    });
    for (const [name, s] of Object.entries(permissions)) expect(['denied', 'unsupported'], name).toContain(s);
  });

  it('enforces its Content-Security-Policy: injected inline script does not run', async () => {
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = 1';
      document.body.append(s);
      const holder = document.createElement('div');
      holder.innerHTML = '<img src="data:," onerror="window.__handlerRan = 1">';
      document.body.append(holder);
      await new Promise((r) => setTimeout(r, 300));
      s.remove();
      holder.remove();
      const w = window as unknown as Record<string, unknown>;
      return [w.__inlineRan, w.__handlerRan];
    });
    expect(ran).toEqual([undefined, undefined]);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toMatch(/script-src 'self'(;|$)/);
  });

  it('launches 3 parallel runs that stream and finish with +/- stats, then restores them after a restart', async () => {
    await openRepo(page, repo.path);
    await page.getByTestId('new-thread').click();
    await saveCommandProfile(page, 'Fake agent', `node "${FAKE_AGENT}" --lines 20 --delay 50 {prompt}`);
    await startThread(page, { prompt: 'desktop flow', profileName: 'Fake agent', count: 3 });
    await eventually('all exited', async () => (await statuses(page)).every((s) => s === 'exited'), 60_000);
    for (let i = 0; i < 3; i++) {
      await eventually(`diff ${i + 1}`, async () => /\+7 \u22120 · 2 files/.test(await runCards(page).nth(i).getByTestId('run-diffstat').innerText()));
    }
    await app.close();
    await launch();
    await page.getByTestId('thread-item').first().click();
    await eventually('restored', async () => (await runCards(page).count()) === 3);
    await eventually('transcript', async () => (await terminalText(runCards(page).first())).includes('fake-agent done'));
  });
});
