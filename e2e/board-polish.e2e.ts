// Board polish in Chromium against the headless server, with real git, PTYs and SQLite: a thread
// of 3 command-profile runs where one fails; the status filter (counts, Failed shows only that one,
// arrow keys, grouping, kept per thread), the sidebar's thread search (title, branch, Esc), and
// the focused run's branch copied to the clipboard and "open in" shown unavailable in headless mode.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_AGENT } from '../test/helpers/core-harness';
import { hasChromium } from './support/browser';
import { eventually, openRepoWithProfiles, runCards, startThread, statuses } from './support/board-flow';
import { startBoardSession, type BoardSession } from './support/board-session';

const SCREENSHOTS = fileURLToPath(new URL('../docs/screenshots', import.meta.url));
const PROMPT = 'Add a greeting to the README';

if (!hasChromium()) console.warn('skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!hasChromium())('board polish in Chromium', () => {
  let session: BoardSession;
  let page: Page;

  const filterCount = async (filter: string): Promise<string | null> => page.getByTestId(`board-filter-${filter}`).getAttribute('data-count');
  const checkedFilter = async (): Promise<string | null> => page.locator('[data-testid="board-filter"] [aria-checked="true"]').getAttribute('data-filter');
  const threadTitles = async (): Promise<string[]> => page.locator('[data-testid="thread-item"] .thread-title').allInnerTexts();

  beforeAll(async () => {
    // The clipboard is granted as the desktop app grants it (clipboard-sanitized-write there).
    session = await startBoardSession({ repo: { files: { 'README.md': '# demo\n' } }, pageOptions: { permissions: ['clipboard-read', 'clipboard-write'] } });
    ({ page } = session);
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => session?.cleanup());

  it('starts a thread of 3 runs, one of which fails', async () => {
    await openRepoWithProfiles(page, session.repo.path, {
      'Fake agent': `node "${FAKE_AGENT}" --lines 3 --delay 20 {prompt}`,
      'Failing agent': `node "${FAKE_AGENT}" --lines 3 --delay 20 --exit 3 {prompt}`,
    });
    await page.getByTestId('composer-prompt').fill(PROMPT);
    const pick = async (name: string, count: number): Promise<void> => {
      const select = page.getByTestId('profile-select').last();
      const value = await select.locator('option', { hasText: name }).first().getAttribute('value');
      await select.selectOption(value ?? '');
      await page.getByTestId('profile-count').last().fill(String(count));
    };
    await pick('Fake agent', 2);
    await page.getByTestId('add-agent').click();
    await pick('Failing agent', 1);
    await page.getByTestId('composer-submit').click();
    await eventually('3 run cards', async () => (await runCards(page).count()) === 3);
    await eventually('all runs exited', async () => (await statuses(page)).every((s) => s === 'exited'), 60_000);
  });

  it('counts the runs by status and filters to the failed one', async () => {
    await eventually('the counts', async () => (await filterCount('done')) === '2' && (await filterCount('failed')) === '1');
    expect(await filterCount('all')).toBe('3');
    expect(await filterCount('working')).toBe('0');
    expect(await filterCount('needs-input')).toBe('0');
    expect(await page.getByTestId('board-filter-stopped').count()).toBe(0); // no stopped runs: no segment

    await page.getByTestId('board-filter-failed').click();
    await eventually('only the failed run', async () => (await runCards(page).count()) === 1);
    expect(await runCards(page).first().getByTestId('run-status').innerText()).toBe('exited 3');
    expect(await runCards(page).first().locator('.run-profile').innerText()).toBe('Failing agent');
    expect(await checkedFilter()).toBe('failed');
  });

  it('moves the filter with the arrow keys, like a radio group', async () => {
    await page.getByTestId('board-filter-failed').focus();
    await page.keyboard.press('ArrowLeft');
    await eventually('the done runs', async () => (await checkedFilter()) === 'done' && (await runCards(page).count()) === 2);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-filter'))).toBe('done');
    await page.keyboard.press('Home');
    await eventually('all runs again', async () => (await checkedFilter()) === 'all' && (await runCards(page).count()) === 3);
  });

  it('groups the runs by status', async () => {
    await page.getByTestId('board-group-toggle').click();
    await eventually('two groups', async () => (await page.getByTestId('run-group').count()) === 2);
    const groups = await page.getByTestId('run-group').evaluateAll((els) => els.map((el) => [el.getAttribute('data-bucket'), el.querySelectorAll('[data-testid="run-card"]').length]));
    expect(groups).toEqual([
      ['done', 2],
      ['failed', 1],
    ]);
    expect(await page.getByTestId('board-group-toggle').getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: join(SCREENSHOTS, 'board-grouped.png') });
    await page.getByTestId('board-group-toggle').click();
    await eventually('one grid again', async () => (await page.getByTestId('run-group').count()) === 0 && (await runCards(page).count()) === 3);
  });

  it('keeps each thread\'s filter for the session; a new thread shows all its runs', async () => {
    await page.getByTestId('board-filter-failed').click();
    await eventually('the failed run only', async () => (await runCards(page).count()) === 1);
    await page.getByTestId('new-thread').click();
    await page.getByRole('button', { name: 'Remove agent 2' }).click(); // the composer kept both rows
    await startThread(page, { prompt: 'Write the changelog', profileName: 'Fake agent', count: 1 });
    expect(await checkedFilter()).toBe('all');
    await page.locator('[data-testid="thread-item"]', { hasText: PROMPT }).click();
    await eventually('the first thread, still filtered', async () => (await checkedFilter()) === 'failed' && (await runCards(page).count()) === 1);
    await page.getByTestId('board-filter-all').click();
    await eventually('all 3 runs', async () => (await runCards(page).count()) === 3);
  });

  it('searches the threads by title and by branch name, and Esc clears the search', async () => {
    await eventually('2 threads', async () => (await threadTitles()).length === 2);
    const search = page.getByTestId('thread-search');
    await search.fill('greeting');
    await eventually('only the first thread', async () => JSON.stringify(await threadTitles()) === JSON.stringify([PROMPT]));
    expect(await page.locator('[data-testid="thread-item"] mark').first().innerText()).toBe('greeting');
    expect(await page.getByTestId('thread-search-status').innerText()).toBe('1 of 2 threads match');

    // A branch's short id is in no title or prompt: the changelog thread is found by its run's branch.
    await search.fill('');
    await page.locator('[data-testid="thread-item"]', { hasText: 'Write the changelog' }).click();
    await eventually('its card', async () => (await runCards(page).count()) === 1);
    const branch = await runCards(page).first().getByTestId('run-branch').innerText();
    const shortId = /^switchyard\/([0-9a-f]{8})-/.exec(branch)?.[1] ?? '';
    expect(shortId).toMatch(/^[0-9a-f]{8}$/);
    await search.fill(shortId);
    await eventually('the changelog thread, by branch', async () => JSON.stringify(await threadTitles()) === JSON.stringify(['Write the changelog']));
    expect(await page.getByTestId('thread-match').getAttribute('data-kind')).toBe('branch');

    await page.screenshot({ path: join(SCREENSHOTS, 'thread-search.png') });
    await search.fill('no such words');
    await page.getByTestId('thread-search-empty').waitFor();
    await search.press('Escape');
    await eventually('both threads again', async () => (await threadTitles()).length === 2);
    expect(await search.inputValue()).toBe('');
  });

  it('copies the focused run\'s branch, and shows "open in" unavailable in headless mode', async () => {
    await page.locator('[data-testid="thread-item"]', { hasText: PROMPT }).click();
    await eventually('3 cards', async () => (await runCards(page).count()) === 3);
    await runCards(page).first().getByTestId('focus-run').click();
    await page.getByTestId('focused-terminal').waitFor();
    const branch = await page.getByTestId('focused-branch').innerText();
    expect(branch).toMatch(/^switchyard\/[0-9a-f]{8}-add-a-greeting/);
    await page.getByRole('button', { name: 'Copy branch name' }).click();
    await eventually('the copy confirmed', async () => (await page.getByRole('button', { name: 'Copy branch name' }).innerText()) === 'Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(branch);
    await page.screenshot({ path: join(SCREENSHOTS, 'focused-location.png') });

    for (const target of ['editor', 'terminal']) {
      const button = page.getByTestId(`open-in-${target}`);
      expect(await button.getAttribute('aria-disabled')).toBe('true');
      expect(await button.getAttribute('title')).toMatch(/only in the desktop app/);
      await button.dispatchEvent('click'); // inert (Playwright will not click an aria-disabled button): no call, no error
      expect(await button.innerText()).toBe(target === 'editor' ? 'Open in editor' : 'Open terminal');
    }
    expect(await page.getByTestId('toast').count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
