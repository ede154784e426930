// Compose and conflict resolution in Chromium against the headless server, with real git, PTYs and
// SQLite: a thread of 2 runs of a script that writes different files per run; "Compose…" in the
// compare view takes greeting.txt from run 2 and ok.txt from run 1 into a new run (reviewed like
// any other), then one hunk of long.txt from run 2; then main moves on with its own greeting.txt,
// merging run 1 conflicts, "resolve with an agent" starts a run that overwrites the conflicted
// file, and merging that run puts the resolution (and run 1's other work) on main.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../test/helpers/git-fixtures';
import { hasChromium } from './support/browser';
import { eventually, openRepoWithProfiles, runCards, startThread, statuses } from './support/board-flow';
import { startBoardSession, type BoardSession } from './support/board-session';

const SCREENSHOTS = fileURLToPath(new URL('../docs/screenshots', import.meta.url));

const LONG = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);

/**
 * The stand-in agent: claims the first free slot (1, 2) with an atomic mkdir and records its run id
 * there. Slot 1 writes greeting.txt and ok.txt; slot 2 writes its own greeting.txt, extra.txt, and
 * edits lines 2 and 29 of long.txt (two hunks).
 */
const AGENT = `import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const [slots] = process.argv.slice(2);
let slot = 0;
for (let n = 1; n <= 9 && slot === 0; n++) {
  try { mkdirSync(join(slots, String(n))); slot = n; } catch {}
}
writeFileSync(join(slots, String(slot), 'run-id'), process.env.SWITCHYARD_RUN_ID ?? '');
writeFileSync('greeting.txt', 'hello from run ' + slot + '\\n');
if (slot === 1) writeFileSync('ok.txt', 'ok\\n');
if (slot === 2) {
  writeFileSync('extra.txt', 'extra from run 2\\n');
  const lines = readFileSync('long.txt', 'utf8').split('\\n');
  lines[1] = 'LINE 2 (run 2)';
  lines[28] = 'LINE 29 (run 2)';
  writeFileSync('long.txt', lines.join('\\n'));
}
process.stdout.write('slot ' + slot + ' done\\r\\n');
`;

/** The stand-in resolver: overwrites the conflicted file with a resolution, ignoring its arguments. */
const RESOLVER = `import { writeFileSync } from 'node:fs';
writeFileSync('greeting.txt', 'resolved: hello from main and run 1\\n');
process.stdout.write('resolver done\\r\\n');
`;

if (!hasChromium()) console.warn('skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!hasChromium())('compose and resolve conflicts with an agent in Chromium against the headless server', () => {
  let session: BoardSession;
  let page: Page;
  /** Run id of each slot. */
  const slotRun: Record<number, string> = {};

  const card = (runId: string): Locator => page.locator(`[data-testid="run-card"][data-run-id="${runId}"]`);
  const cardIds = (): Promise<string[]> => runCards(page).evaluateAll((cards) => cards.map((c) => c.getAttribute('data-run-id') ?? ''));
  const pickOf = (view: Locator, path: string, runId: string): Locator => view.locator(`[data-testid="compose-pick"][data-path="${path}"][data-run-id="${runId}"]`);

  beforeAll(async () => {
    session = await startBoardSession({
      repo: { files: { 'README.md': '# demo\n', 'long.txt': `${LONG.join('\n')}\n` } },
      scratchPrefix: 'switchyard-e2e-compose-',
      scratchFiles: { 'agent.mjs': AGENT, 'resolver.mjs': RESOLVER },
      scratchDirs: ['slots'],
    });
    ({ page } = session);
  });
  afterAll(async () => session?.cleanup());

  it('runs 2 agents that write different files', async () => {
    await openRepoWithProfiles(page, session.repo.path, {
      Resolver: `node "${join(session.scratch.path, 'resolver.mjs')}"`,
      'Slot agent': `node "${join(session.scratch.path, 'agent.mjs')}" "${join(session.scratch.path, 'slots')}"`,
    });
    await startThread(page, { prompt: 'Greet the world', profileName: 'Slot agent', count: 2 });
    await eventually('both runs exited', async () => (await statuses(page)).every((s) => s === 'exited'), 60_000);
    for (const slot of [1, 2]) slotRun[slot] = (await readFile(join(session.scratch.path, 'slots', String(slot), 'run-id'), 'utf8')).trim();
    for (const runId of Object.values(slotRun)) {
      await eventually(`diff stats of ${runId}`, async () => /\+\d+ \u2212\d+/.test(await card(runId).getByTestId('run-diffstat').innerText()));
    }
  });

  it('composes greeting.txt from run 2 and ok.txt from run 1 into a new run', async () => {
    await page.getByTestId('open-compare').click();
    const view = page.getByTestId('compare-view');
    await view.locator('[data-testid="compare-row"][data-path="greeting.txt"]').waitFor();
    expect(await view.getByTestId('compose-pick').count()).toBe(0);
    await view.getByTestId('compose-mode').click();
    const panel = view.getByTestId('compose-panel');
    await panel.waitFor();
    expect(await view.getByTestId('compose-mode').getAttribute('aria-pressed')).toBe('true');
    expect(await panel.getByTestId('compose-create').isDisabled()).toBe(true);
    // Every row starts at the base; a run can be picked only where it touched the file.
    for (const path of ['extra.txt', 'greeting.txt', 'long.txt', 'ok.txt']) expect(await pickOf(view, path, 'base').isChecked()).toBe(true);
    expect(await pickOf(view, 'ok.txt', slotRun[2]!).count()).toBe(0);
    expect(await pickOf(view, 'extra.txt', slotRun[1]!).count()).toBe(0);

    await pickOf(view, 'greeting.txt', slotRun[1]!).check();
    await pickOf(view, 'greeting.txt', slotRun[2]!).check(); // radio-like: the later choice wins
    await pickOf(view, 'ok.txt', slotRun[1]!).check();
    await pickOf(view, 'extra.txt', slotRun[2]!).check();
    await pickOf(view, 'extra.txt', 'base').check(); // and back to the base
    expect(await pickOf(view, 'greeting.txt', slotRun[1]!).isChecked()).toBe(false);
    expect(await pickOf(view, 'greeting.txt', 'base').isChecked()).toBe(false);
    const summary = panel.getByTestId('compose-summary');
    expect(await summary.getAttribute('data-files')).toBe('2');
    expect(await summary.innerText()).toBe('2 files: 1 from #1, 1 from #2; 2 files kept at the base.');
    expect(await panel.getByTestId('compose-picked').evaluateAll((els) => els.map((e) => [e.getAttribute('data-path'), e.getAttribute('data-run-id')]))).toEqual([
      ['greeting.txt', slotRun[2]],
      ['ok.txt', slotRun[1]],
    ]);
    await panel.getByTestId('compose-message').fill('Run 2\u2019s greeting with run 1\u2019s ok.txt');
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'compose.png') });

    await panel.getByTestId('compose-create').click();
    const result = view.getByTestId('compose-result');
    await result.waitFor({ timeout: 30_000 });
    const composedId = (await result.getAttribute('data-run-id'))!;
    expect(await result.innerText()).toContain('Created run #3');
    expect(await view.getByTestId('compose-panel').count()).toBe(0);
    // The new run joins the comparison, next to the runs it came from.
    await view.locator(`[data-testid="scorecard-run"][data-run-id="${composedId}"]`).waitFor();

    await result.getByTestId('compose-to-board').click();
    await eventually('3 cards', async () => (await runCards(page).count()) === 3);
    const composed = card(composedId);
    expect(await composed.getAttribute('data-status')).toBe('exited');
    expect(await composed.innerText()).toContain('Composed from #1, #2');
    const branch = await composed.getByTestId('run-branch').innerText();
    expect(await runGit(session.repo.path, ['show', `${branch}:greeting.txt`])).toBe('hello from run 2\n');
    expect(await runGit(session.repo.path, ['log', '-1', '--format=%s', branch])).toBe('Run 2\u2019s greeting with run 1\u2019s ok.txt\n');

    await composed.getByTestId('open-review').click();
    const pane = page.getByTestId('review-pane');
    await pane.waitFor();
    const files = pane.getByTestId('diff-file');
    await eventually('the composed run\u2019s files', async () => (await files.count()) === 2);
    expect(await files.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')))).toEqual(['greeting.txt', 'ok.txt']);
    await pane.locator('[data-testid="diff-file"][data-path="greeting.txt"]').getByTestId('diff-file-open').click();
    await eventually('run 2\u2019s greeting in the patch', async () => (await pane.getByTestId('diff-view').innerText()).includes('hello from run 2'));
    // It can be checked and merged like any other run.
    await pane.getByTestId('merge-run').waitFor();
    await pane.getByTestId('panel-back').click();
  });

  it('composes one hunk of long.txt from run 2', async () => {
    await page.getByTestId('open-compare').click();
    const view = page.getByTestId('compare-view');
    await view.locator('[data-testid="compare-row"][data-path="long.txt"]').waitFor();
    await view.getByTestId('compose-mode').click();
    const panel = view.getByTestId('compose-panel');
    await pickOf(view, 'long.txt', slotRun[2]!).check();
    const picked = panel.locator('[data-testid="compose-picked"][data-path="long.txt"]');
    expect(await picked.getByTestId('compose-extent').innerText()).toBe('whole file');
    await picked.getByTestId('compose-hunks-toggle').click();
    const hunks = picked.getByTestId('compose-hunk');
    await eventually('2 hunks', async () => (await hunks.count()) === 2);
    expect(await hunks.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked))).toEqual([true, true]);
    await picked.locator('[data-testid="compose-hunk"][data-index="1"]').uncheck();
    expect(await picked.getByTestId('compose-extent').innerText()).toBe('hunks 1');
    expect(await panel.getByTestId('compose-summary').innerText()).toContain('1 of them partly, by hunks');
    await view.locator('[data-testid="compare-row"][data-path="long.txt"]').getByTestId('compose-partial').waitFor();
    await page.screenshot({ path: resolve(SCREENSHOTS, 'compose-hunks.png') });
    await panel.getByTestId('compose-create').click();
    const result = view.getByTestId('compose-result');
    await result.waitFor({ timeout: 30_000 });
    const composedId = (await result.getAttribute('data-run-id'))!;
    await result.getByTestId('compose-to-board').click();
    await eventually('4 cards', async () => (await runCards(page).count()) === 4);
    const branch = await card(composedId).getByTestId('run-branch').innerText();
    const long = (await runGit(session.repo.path, ['show', `${branch}:long.txt`])).split('\n');
    expect(long[1]).toBe('LINE 2 (run 2)');
    expect(long[28]).toBe('line 29');
    expect(await runGit(session.repo.path, ['diff', '--name-only', 'main', branch])).toBe('long.txt\n');
  });

  it('shows a conflict when main moved on, and a resolving agent run whose merge lands on main', async () => {
    await writeFile(join(session.repo.path, 'greeting.txt'), 'hello from main\n');
    await runGit(session.repo.path, ['add', 'greeting.txt']);
    await runGit(session.repo.path, ['commit', '-qm', 'main greeting']);
    const mainBefore = await runGit(session.repo.path, ['rev-parse', 'main']);

    await card(slotRun[1]!).getByTestId('merge-run').click();
    const dialog = page.getByTestId('merge-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('merge-confirm').click();
    const outcome = dialog.getByTestId('merge-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    expect(await outcome.getAttribute('data-kind')).toBe('conflict');
    expect(await dialog.getByTestId('merge-conflict-files').innerText()).toContain('greeting.txt');
    expect(await runGit(session.repo.path, ['rev-parse', 'main'])).toBe(mainBefore);

    const before = new Set(await cardIds());
    await dialog.getByTestId('resolve-profile').selectOption({ label: 'Resolver' });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'merge-conflict.png') });
    await dialog.getByTestId('resolve-start').click();
    expect(await dialog.getByTestId('resolve-started').innerText()).toContain('to resolve the conflicts');
    await dialog.getByTestId('merge-close').click();
    await dialog.waitFor({ state: 'detached' });

    const resolverId = await eventually('the resolving run\u2019s card', async () => (await cardIds()).find((id) => !before.has(id)));
    const resolving = card(resolverId);
    const run1Index = /^#(\d+)/.exec(await card(slotRun[1]!).innerText())?.[1];
    expect(await resolving.innerText()).toContain(`resolving #${run1Index}`);
    await eventually('the resolving run exited', async () => (await resolving.getAttribute('data-status')) === 'exited', 60_000);
    await eventually('its diff stats', async () => /\+\d+ \u2212\d+/.test(await resolving.getByTestId('run-diffstat').innerText()));
    expect(await runGit(session.repo.path, ['rev-parse', 'main'])).toBe(mainBefore); // nothing published yet

    await resolving.getByTestId('merge-run').click();
    await dialog.waitFor();
    await dialog.getByTestId('merge-archive-others').uncheck();
    await dialog.getByTestId('merge-confirm').click();
    await outcome.waitFor({ timeout: 30_000 });
    expect(await outcome.getAttribute('data-kind')).toBe('merged');
    await dialog.getByTestId('merge-close').click();

    expect(await runGit(session.repo.path, ['show', 'main:greeting.txt'])).toBe('resolved: hello from main and run 1\n');
    expect(await runGit(session.repo.path, ['show', 'main:ok.txt'])).toBe('ok\n'); // run 1's other change came along
    const run1Branch = await card(slotRun[1]!).getByTestId('run-branch').innerText();
    await runGit(session.repo.path, ['merge-base', '--is-ancestor', run1Branch, 'main']); // a real merge of run 1's branch
    expect(session.pageErrors).toEqual([]);
  });
});
