// The golden flow in Chromium against the headless server, with real git, real PTYs and real SQLite:
// open a repo, fan one prompt out to 3 runs of a command profile, watch them stream and finish with
// +/- stats, restart the server, and find the thread and its transcripts restored.
import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_AGENT } from '../test/helpers/core-harness';
import { hasChromium } from './support/browser';
import { eventually, openRepoWithProfiles, runCards, startThread, statuses, terminalText } from './support/board-flow';
import { startBoardSession, type BoardSession } from './support/board-session';

const SCREENSHOTS = fileURLToPath(new URL('../docs/screenshots', import.meta.url));
const LINES = 40;
const PROMPT = `Add a "hello" greeting — ünïcode and 'quotes'`;

if (!hasChromium()) console.warn('skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!hasChromium())('board in Chromium against the headless server', () => {
  let session: BoardSession;
  let page: Page;

  beforeAll(async () => {
    session = await startBoardSession({ repo: { dirName: `demo répo "x" it's`, files: { 'README.md': '# demo\n', 'src/greet.txt': 'hi\n' } } });
    ({ page } = session);
  });
  afterAll(async () => session?.cleanup());

  it('has no Node in the page', async () => {
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
  });

  it('shows a clear error for a folder that is not a repository and keeps the typed path', async () => {
    await page.getByTestId('repo-path-input').fill('/definitely/not/here');
    await page.getByTestId('repo-open').click();
    const error = await page.getByTestId('repo-error').innerText();
    expect(error).toMatch(/No folder at \/definitely\/not\/here/);
    expect(await page.getByTestId('repo-path-input').inputValue()).toBe('/definitely/not/here');
  });

  it('launches 3 parallel runs that stream live and finish with +/- stats', async () => {
    await openRepoWithProfiles(page, session.repo.path, { 'Fake agent': `node "${FAKE_AGENT}" --lines ${LINES} --delay 60 {prompt}` });
    await startThread(page, { prompt: PROMPT, profileName: 'Fake agent', count: 3 });

    // Live: every card's terminal shows lines while its run is still running.
    const cards = runCards(page);
    for (let i = 0; i < 3; i++) {
      const card = cards.nth(i);
      await eventually(`card ${i + 1} streaming while running`, async () => {
        const text = await terminalText(card);
        return (await card.getAttribute('data-status')) === 'running' && /line \d+ of 40/.test(text) && !text.includes('fake-agent done');
      });
    }
    expect(await terminalText(cards.first())).toContain(`prompt: ${PROMPT}`);

    await eventually('all runs exited', async () => (await statuses(page)).every((s) => s === 'exited'), 60_000);
    for (let i = 0; i < 3; i++) {
      const card = cards.nth(i);
      expect(await card.getByTestId('run-status').innerText()).toMatch(/exited 0/);
      await eventually(`card ${i + 1} diff stats`, async () => /\+7 \u22120 · 2 files/.test(await card.getByTestId('run-diffstat').innerText()));
      expect(await card.getByTestId('run-branch').innerText()).toMatch(/^switchyard\/[0-9a-f]{8}-add-a-hello-greeting/);
      // Cards repaint at most 5 times a second (CardRefresh), so the last lines may reach the screen just after the stats.
      await eventually(`card ${i + 1} shows the end of its output`, async () => (await terminalText(card)).includes('fake-agent done'));
    }
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'board.png') });
  });

  it('focuses a run: a large terminal that takes typing', async () => {
    await runCards(page).first().getByTestId('focus-run').click();
    await page.getByTestId('focused-terminal').waitFor();
    await eventually('the focused terminal painted', async () => (await terminalText(page.locator('body'), 'focused-terminal')).includes('fake-agent done'));
    await page.keyboard.type('echo typed');
    await page.keyboard.press('Enter');
    await page.getByTestId('back-to-board').click();
    await eventually('board again', async () => (await runCards(page).count()) === 3);
  });

  it('restores the thread and every transcript after the server restarts', async () => {
    await session.restartApp();
    await page.goto(session.app.url);
    await page.getByTestId('thread-item').first().waitFor();
    expect(await page.getByTestId('thread-item').first().innerText()).toContain('Add a "hello" greeting');
    await page.getByTestId('thread-item').first().click();
    await eventually('3 restored cards', async () => (await runCards(page).count()) === 3);
    expect(await statuses(page)).toEqual(['exited', 'exited', 'exited']);
    for (let i = 0; i < 3; i++) {
      const card = runCards(page).nth(i);
      await eventually(`card ${i + 1} transcript restored`, async () => {
        const text = await terminalText(card);
        return text.includes(`line ${LINES} of ${LINES}`) && text.includes('fake-agent done');
      });
      expect(await card.getByTestId('run-diffstat').innerText()).toMatch(/\+7 \u22120 · 2 files/);
    }
    expect(session.pageErrors).toEqual([]);
  });

  it('types into a focused Shell run and stops it', async () => {
    await page.getByTestId('new-thread').click();
    await startThread(page, { prompt: 'poke around', profileName: 'Shell', count: 1 });
    const card = runCards(page).first();
    await eventually('shell running', async () => (await card.getAttribute('data-status')) === 'running');
    await card.getByTestId('focus-run').click();
    await page.getByTestId('focused-terminal').waitFor();
    await page.waitForTimeout(300); // the shell prints its prompt
    await page.keyboard.type('echo typed-$((6*7))');
    await page.keyboard.press('Enter');
    await eventually('the shell answered', async () => (await terminalText(page.locator('body'), 'focused-terminal')).includes('typed-42'));
    await page.getByTestId('stop-run').click();
    await eventually('the run shows as stopped, not crashed', async () => (await page.getByTestId('run-status').first().innerText()).trim() === 'stopped');
    expect(session.pageErrors).toEqual([]);
  });
});
