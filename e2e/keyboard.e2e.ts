// The whole loop driven by the keyboard alone (page.keyboard, no clicks) in Chromium against the
// headless server, with real git, PTYs and SQLite: open a repository, save a command profile, start
// a thread of 2 runs that each write greeting.txt, move to the second run, open its diff, merge it,
// and find its file on the base branch. Then the command palette (every command with its shortcut,
// the unavailable ones greyed with a reason) and remapping a shortcut, refused while it conflicts,
// kept after a reload.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/shared/commands/catalog';
import { runGit } from '../test/helpers/git-fixtures';
import { hasChromium } from './support/browser';
import { eventually, runCards, statuses, terminalLines } from './support/board-flow';
import { startBoardSession, type BoardSession } from './support/board-session';

/** The stand-in agent: writes greeting.txt naming its run, so the merged content says which run won. */
const AGENT = `import { writeFileSync } from 'node:fs';
writeFileSync('greeting.txt', 'hello from ' + process.env.SWITCHYARD_RUN_ID + '\\n');
process.stdout.write('greeting written\\r\\n');
`;

const SCREENSHOTS = fileURLToPath(new URL('../docs/screenshots', import.meta.url));

/** Most Tab presses to reach a control before giving up. */
const MAX_TABS = 60;

const focusedTestId = (page: Page): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** Presses Tab (Shift+Tab `backwards`) until the control with `testId` has the keyboard, as a keyboard user gets there. */
async function tabTo(page: Page, testId: string, backwards = false): Promise<void> {
  for (let i = 0; i < MAX_TABS; i++) {
    if ((await focusedTestId(page)) === testId) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${testId} (focus is on ${await focusedTestId(page)})`);
}

async function expectFocus(page: Page, testId: string): Promise<void> {
  await eventually(`${testId} focused`, async () => (await focusedTestId(page)) === testId);
}

if (!hasChromium()) console.warn('skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!hasChromium())('keyboard only, in Chromium against the headless server', () => {
  let session: BoardSession;
  let page: Page;
  let mergedRunId = '';

  beforeAll(async () => {
    session = await startBoardSession({
      repo: { files: { 'README.md': '# demo\n', 'greeting.txt': 'hi\n' } },
      scratchPrefix: 'switchyard-e2e-keys-',
      scratchFiles: { 'agent.mjs': AGENT },
    });
    ({ page } = session);
  });
  afterAll(async () => session?.cleanup());

  it('opens a repository with Ctrl+O and the path field', async () => {
    await page.getByTestId('repo-path-input').waitFor();
    await page.keyboard.press('Control+o');
    await expectFocus(page, 'repo-path-input');
    await page.keyboard.type(session.repo.path);
    await page.keyboard.press('Enter');
    await page.getByTestId('composer-prompt').waitFor();
  });

  it('saves a command profile and starts a thread of 2 runs without the mouse', async () => {
    await tabTo(page, 'new-profile');
    await page.keyboard.press('Enter');
    await expectFocus(page, 'profile-name');
    await page.keyboard.type('Keyboard agent');
    await tabTo(page, 'profile-command');
    await page.keyboard.type(`node "${join(session.scratch.path, 'agent.mjs')}"`);
    await page.keyboard.press('Enter');
    await page.getByText('Saved \u201cKeyboard agent\u201d.').waitFor();

    await page.keyboard.press('Control+i'); // Focus the prompt
    await expectFocus(page, 'composer-prompt');
    await page.keyboard.type('Greet from the keyboard');
    await tabTo(page, 'profile-count');
    await page.keyboard.press('ArrowUp'); // 1 -> 2
    expect(await page.getByTestId('profile-count').inputValue()).toBe('2');
    expect(await page.getByTestId('profile-select').locator('option:checked').innerText()).toBe('Keyboard agent');
    await page.keyboard.press('Control+i');
    await expectFocus(page, 'composer-prompt');
    await page.keyboard.press('Control+Enter');
    await eventually('2 run cards', async () => (await runCards(page).count()) === 2);
    await eventually('both runs exited', async () => (await statuses(page)).every((s) => s === 'exited'), 60_000);
  });

  it('moves to the second run, opens its diff and merges it', async () => {
    const ids = await runCards(page).evaluateAll((cards) => cards.map((c) => c.getAttribute('data-run-id') ?? ''));
    await page.keyboard.press('Control+Shift+ArrowDown');
    await eventually('the first card focused', async () => (await page.evaluate(() => document.activeElement?.getAttribute('data-run-id'))) === ids[0]);
    await page.keyboard.press('Control+Shift+ArrowDown');
    await eventually('the second card focused', async () => (await page.evaluate(() => document.activeElement?.getAttribute('data-run-id'))) === ids[1]);
    mergedRunId = ids[1]!;

    await page.keyboard.press('Control+Shift+d'); // Open diff
    const pane = page.locator(`[data-testid="review-pane"][data-run-id="${mergedRunId}"]`);
    await pane.waitFor();
    await eventually('greeting.txt in the diff', async () => (await pane.getByTestId('diff-file').evaluateAll((els) => els.map((e) => e.getAttribute('data-path')))).includes('greeting.txt'));

    await page.keyboard.press('Control+Shift+m'); // Merge run…
    const dialog = page.getByTestId('merge-dialog');
    await dialog.waitFor();
    await tabTo(page, 'merge-confirm');
    await page.keyboard.press('Enter');
    const outcome = dialog.getByTestId('merge-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    expect(await outcome.getAttribute('data-kind')).toBe('merged');
    expect(await runGit(session.repo.path, ['show', 'main:greeting.txt'])).toBe(`hello from ${mergedRunId}\n`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('lists every command in the palette with its shortcut, greys out what cannot run, and runs the chosen one', async () => {
    // A shortcut whose command cannot run says why instead of doing nothing.
    await page.keyboard.press('Control+j');
    expect(await page.getByTestId('command-note').innerText()).toBe('Jump to the next run needing input: No run needs you right now.');

    await page.keyboard.press('Control+k');
    const palette = page.getByTestId('command-palette');
    await palette.waitFor();
    await expectFocus(page, 'palette-input');
    const items = palette.getByTestId('palette-item');
    expect(await items.count()).toBe(COMMANDS.length);
    const item = (id: string) => palette.locator(`[data-testid="palette-item"][data-command-id="${id}"]`);
    expect(await item('run.merge').getByTestId('command-shortcut').innerText()).toBe('Ctrl+Shift+M');
    expect(await item('palette.open').getByTestId('command-shortcut').innerText()).toBe('Ctrl+K');
    // The browser keeps Ctrl+N for a new window: New thread has another default here.
    expect(await item('thread.new').getByTestId('command-shortcut').innerText()).toBe('Ctrl+Alt+N');
    expect(await item('run.nextNeedingInput').getAttribute('aria-disabled')).toBe('true');
    expect(await item('run.nextNeedingInput').getByTestId('palette-item-reason').innerText()).toBe('No run needs you right now.');
    const input = page.getByTestId('palette-input');
    expect(await input.getAttribute('role')).toBe('combobox');
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'palette.png') });

    await page.keyboard.type('compare');
    await eventually('Compare runs first', async () => (await items.first().getAttribute('data-command-id')) === 'thread.compare');
    const activeId = await input.getAttribute('aria-activedescendant');
    expect(await items.first().getAttribute('id')).toBe(activeId);
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await page.getByTestId('compare-view').waitFor();
    await page.keyboard.press('Escape');
    await eventually('the board again', async () => (await runCards(page).count()) >= 1);
  });

  it('remaps a shortcut: a conflict is refused, a free chord is kept and works, even after a reload', async () => {
    await page.keyboard.press('Control+/');
    const dialog = page.getByTestId('shortcuts-dialog');
    await dialog.waitFor();
    await expectFocus(page, 'shortcuts-filter');
    await page.keyboard.type('compare runs');
    const row = dialog.locator('[data-testid="shortcut-row"][data-command-id="thread.compare"]');
    await tabTo(page, 'shortcut-change');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-command-id]')?.getAttribute('data-command-id'))).toBe('thread.compare');
    await page.keyboard.press('Enter');
    await expectFocus(page, 'shortcut-recorder');
    await page.keyboard.press('Control+Shift+m');
    expect(await row.getByTestId('shortcut-error').innerText()).toBe('Ctrl+Shift+M is already used by \u201cMerge run\u2026\u201d.');
    await expectFocus(page, 'shortcut-recorder'); // still recording: refused until resolved
    await page.keyboard.press('Control+Alt+c');
    await eventually('the new shortcut shown', async () => (await row.getByTestId('shortcut-change').innerText()).trim() === 'Ctrl+Alt+C');
    // Back to the filter, emptied, for a screenshot of every command.
    await tabTo(page, 'shortcuts-filter', true);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await page.screenshot({ path: resolve(SCREENSHOTS, 'shortcuts.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.keyboard.press('Control+Alt+c');
    await page.getByTestId('compare-view').waitFor();
    await page.keyboard.press('Escape');

    await page.reload();
    await page.getByTestId('thread-item').first().waitFor();
    await page.keyboard.press('Control+k');
    const compare = page.locator('[data-testid="palette-item"][data-command-id="thread.compare"]');
    expect(await compare.getByTestId('command-shortcut').innerText()).toBe('Ctrl+Alt+C');
    await page.keyboard.press('Escape');
    await page.getByTestId('command-palette').waitFor({ state: 'detached' });
  });

  it('leaves a running shell its keys (Ctrl+K kills the line) while Ctrl+Shift+P still opens the palette', async () => {
    await page.keyboard.press('Control+Alt+n'); // New thread (the browser keeps Ctrl+N)
    await expectFocus(page, 'composer-prompt');
    await page.keyboard.type('poke around');
    await tabTo(page, 'profile-select');
    await page.keyboard.type('Shell');
    expect(await page.getByTestId('profile-select').locator('option:checked').innerText()).toBe('Shell');
    await tabTo(page, 'profile-count');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('1');
    await page.keyboard.press('Control+i');
    await expectFocus(page, 'composer-prompt');
    await page.keyboard.press('Control+Enter');
    await eventually(
      'the shell running',
      async () => {
        const now = await statuses(page);
        if (now.join() === 'running') return true;
        // Thrown, not returned: a timeout then says what the board showed instead.
        throw new Error(`board "${await page.locator('.board-title').first().innerText().catch(() => '?')}" with runs [${now.join()}]`);
      },
      60_000,
    );
    await page.keyboard.press('Control+Shift+ArrowDown');
    await eventually('its card focused', async () => (await focusedTestId(page)) === 'run-card');
    await page.keyboard.press('Enter');
    const terminal = page.getByTestId('focused-terminal');
    await terminal.waitFor();
    await eventually('the shell prompt', async () => (await terminalLines(page.locator('body'), 'focused-terminal')).some((l) => /[$#>]\s*$/.test(l)));

    await page.keyboard.type('echo one-two');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Enter');
    await eventually('the shell killed the rest of the line', async () => (await terminalLines(page.locator('body'), 'focused-terminal')).some((l) => l.trim() === 'one-'));
    expect(await page.getByTestId('command-palette').count()).toBe(0);

    await page.keyboard.press('Control+Shift+p');
    await page.getByTestId('command-palette').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('command-palette').waitFor({ state: 'detached' });
    expect(session.pageErrors).toEqual([]);
  });
});
