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
