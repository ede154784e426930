// Review, compare, checks and merge in Chromium against the headless server, with real git, PTYs
// and SQLite: a repository whose .switchyard.json check is `test -f ok.txt`; a thread of 3 runs of a
// script that writes greeting.txt differently per run and ok.txt for only two of them; checks on
// all (one run fails), the compare matrix and scorecard, the review pane, a merge that archives the
// other runs to backup refs, and their restoration from the trash.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { makeTempRepo, runGit } from '../test/helpers/git-fixtures';
import { hasChromium } from './support/browser';
import { eventually, openRepo, openRepoWithProfiles, runCards, saveCommandProfile, startThread, statuses } from './support/board-flow';
import { startBoardSession, type BoardSession } from './support/board-session';

const SCREENSHOTS = fileURLToPath(new URL('../docs/screenshots', import.meta.url));

/**
 * The stand-in agent: claims the first free slot (1, 2, 3) with an atomic mkdir, records its run id
 * there, writes greeting.txt with its slot and, for slots 1 and 2 only, ok.txt (the check's file).
 * With `big`, it writes a 10 MB lockfile-like file instead.
 */
const AGENT = `import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const [slots, mode] = process.argv.slice(2);
if (mode === 'big') {
  const lines = [];
  for (let i = 0; i < 200000; i++) lines.push('    "node_modules/pkg-' + i + '": { "version": "1.0.' + i + '", "dev": true },');
  writeFileSync('big-lock.json', '{\\n' + lines.join('\\n') + '\\n}\\n');
  process.exit(0);
}
let slot = 0;
for (let n = 1; n <= 9 && slot === 0; n++) {
  try { mkdirSync(join(slots, String(n))); slot = n; } catch {}
}
writeFileSync(join(slots, String(slot), 'run-id'), process.env.SWITCHYARD_RUN_ID ?? '');
writeFileSync('greeting.txt', 'hello from slot ' + slot + '\\n');
if (slot !== 3) writeFileSync('ok.txt', 'ok\\n');
if (slot !== 3) writeFileSync('src/greet.ts', "// Greets someone.\\nexport function greet(name: string): string {\\n  return \\\`Hello, \\\${name}!\\\`;\\n}\\n");
process.stdout.write('slot ' + slot + ' done\\r\\n');
`;

if (!hasChromium()) console.warn('skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!hasChromium())('review, compare and merge in Chromium against the headless server', () => {
  let session: BoardSession;
  let page: Page;
  /** Run id of each slot: slotRun[1] passes its check, slotRun[3] fails it. */
  const slotRun: Record<number, string> = {};
  const branchOf: Record<string, string> = {};

  const card = (runId: string): Locator => page.locator(`[data-testid="run-card"][data-run-id="${runId}"]`);
  const checkStatus = async (runId: string): Promise<string | null> => card(runId).getByTestId('check-badge').first().getAttribute('data-status', { timeout: 1000 });

  beforeAll(async () => {
    session = await startBoardSession({
      repo: {
        files: {
          'README.md': '# demo\n',
          'src/greet.ts': "// Greets someone.\nexport function greet(name: string): string {\n  return 'Hi ' + name;\n}\n",
          '.switchyard.json': JSON.stringify({ checks: { test: 'test -f ok.txt' } }),
        },
      },
      scratchPrefix: 'switchyard-e2e-agent-',
      scratchFiles: { 'agent.mjs': AGENT },
      scratchDirs: ['slots'],
    });
    ({ page } = session);
  });
  afterAll(async () => session?.cleanup());

  it('runs 3 agents that edit greeting.txt differently', async () => {
    await openRepoWithProfiles(page, session.repo.path, { 'Slot agent': `node "${join(session.scratch.path, 'agent.mjs')}" "${join(session.scratch.path, 'slots')}"` });
    await startThread(page, { prompt: 'Greet the world', profileName: 'Slot agent', count: 3 });
    await eventually('all runs exited', async () => (await statuses(page)).every((s) => s === 'exited'), 60_000);
    for (const slot of [1, 2, 3]) slotRun[slot] = (await readFile(join(session.scratch.path, 'slots', String(slot), 'run-id'), 'utf8')).trim();
    for (const runId of Object.values(slotRun)) {
      await eventually(`diff stats of ${runId}`, async () => /\+\d+ \u2212\d+/.test(await card(runId).getByTestId('run-diffstat').innerText()));
      branchOf[runId] = await card(runId).getByTestId('run-branch').innerText();
    }
  });

  it('runs the checks on all runs: the run without ok.txt fails, and its output can be read', async () => {
    await page.getByTestId('run-checks-all').first().click();
    for (const [slot, expected] of [[1, 'passed'], [2, 'passed'], [3, 'failed']] as const) {
      await eventually(`run ${slot}'s check ${expected}`, async () => (await checkStatus(slotRun[slot]!)) === expected, 30_000);
    }
    await card(slotRun[3]!).getByTestId('check-badge').first().click();
    const dialog = page.getByTestId('check-output');
    await dialog.waitFor();
    expect(await dialog.getByTestId('check-output-status').innerText()).toMatch(/failed, exit 1/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('compares the runs: greeting.txt touched by all 3 and differing, the failing run ranked last', async () => {
    await page.getByTestId('open-compare').click();
    const view = page.getByTestId('compare-view');
    await view.waitFor();
    const row = view.locator('[data-testid="compare-row"][data-path="greeting.txt"]');
    await row.waitFor();
    expect(await row.getAttribute('data-touched-by')).toBe('3');
    expect(await row.getAttribute('data-agreement')).toBe('differ');
    expect(await view.locator('[data-testid="compare-row"][data-path="ok.txt"]').getAttribute('data-agreement')).toBe('agree');
    expect(await view.locator('[data-testid="compare-row"][data-path="src/greet.ts"]').getAttribute('data-touched-by')).toBe('2');
    const cells = row.getByTestId('compare-cell');
    for (const text of await cells.allInnerTexts()) expect(text).toMatch(/^\+1 \u22120/);
    const variants = await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-variant')));
    expect(new Set(variants).size).toBe(3);
    const headers = view.getByTestId('scorecard-run');
    await eventually('the scorecard', async () => (await headers.last().getAttribute('data-rank')) === '3');
    expect(await headers.last().getAttribute('data-run-id')).toBe(slotRun[3]);
    expect(await headers.last().getAttribute('data-failed')).toBe('1');
    await row.getByTestId('compare-file').click();
    const versions = view.getByTestId('file-versions');
    await versions.waitFor();
    expect(await versions.locator(`[data-testid="file-version"][data-run-id="${slotRun[1]}"]`).innerText()).toContain('hello from slot 1');
    await eventually('the diff between two runs', async () => (await versions.getByTestId('diff-between').innerText()).includes('hello from slot'));
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'compare.png') });
    await page.keyboard.press('Escape');
    await eventually('the board again', async () => (await runCards(page).count()) === 3);
  });

  it('reviews run 1: its files, the patch in unified and split views, and viewed marks', async () => {
    await card(slotRun[1]!).getByTestId('open-review').click();
    const pane = page.getByTestId('review-pane');
    await pane.waitFor();
    const files = pane.getByTestId('diff-file');
    await eventually('the file list', async () => (await files.count()) === 3);
    expect(await files.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')))).toEqual(['greeting.txt', 'ok.txt', 'src/greet.ts']);
    await pane.locator('[data-testid="diff-file"][data-path="greeting.txt"]').getByTestId('diff-file-open').click();
    await eventually('the patch', async () => (await pane.getByTestId('diff-view').innerText()).includes('hello from slot 1'));
    await pane.getByTestId('diff-mode-split').click();
    await eventually('the split view', async () => (await pane.getByTestId('diff-view').getAttribute('data-view-type')) === 'split');
    await pane.locator('[data-testid="diff-file"][data-path="greeting.txt"]').getByTestId('mark-viewed').check();
    await eventually('marked viewed', async () => (await pane.locator('[data-testid="diff-file"][data-path="greeting.txt"]').getAttribute('data-viewed')) === 'true');
    await pane.getByTestId('filter-unviewed').check();
    expect(await files.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')))).toEqual(['ok.txt', 'src/greet.ts']);
    await pane.getByTestId('filter-unviewed').uncheck();
    await pane.locator('[data-testid="diff-file"][data-path="src/greet.ts"]').getByTestId('diff-file-open').click();
    await eventually('highlighted code', async () => (await pane.getByTestId('diff-view').locator('.token.keyword').count()) > 0);
    await pane.getByTestId('diff-mode-unified').click();
  });

  it('merges run 1 into main and archives the other runs with backup refs', async () => {
    await page.getByTestId('review-pane').getByTestId('merge-run').click();
    const dialog = page.getByTestId('merge-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('merge-mode').selectOption('merge');
    expect(await dialog.getByTestId('merge-message').inputValue()).toBe('Greet the world');
    expect(await dialog.getByTestId('merge-archive-others').isChecked()).toBe(true);
    await dialog.getByTestId('merge-confirm').click();
    const outcome = dialog.getByTestId('merge-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    expect(await outcome.getAttribute('data-kind')).toBe('merged');
    await dialog.getByTestId('merge-undo').waitFor();
    await page.screenshot({ path: resolve(SCREENSHOTS, 'merge.png') });

    expect(await runGit(session.repo.path, ['show', 'main:greeting.txt'])).toBe('hello from slot 1\n');
    // The other runs are archived in the background, each backed up first.
    const backupRefs = async () => runGit(session.repo.path, ['for-each-ref', '--format=%(refname)', 'refs/switchyard/backup/']);
    for (const slot of [2, 3]) {
      await eventually(`run ${slot}'s backup ref`, async () => (await backupRefs()).includes(`refs/switchyard/backup/${slotRun[slot]}\n`));
    }

    await dialog.getByTestId('merge-close').click();
    await page.getByTestId('panel-back').click();
    await eventually('only the merged run on the board', async () => (await runCards(page).count()) === 1);
    await card(slotRun[1]!).getByTestId('merged-badge').waitFor();
    for (const slot of [2, 3]) {
      await eventually(`run ${slot}'s worktree removed`, async () => !(await worktreeOf(branchOf[slotRun[slot]!]!)));
    }
  });

  it('restores the archived runs from the trash, worktree and file included', async () => {
    await page.getByTestId('open-trash').click();
    const trash = page.getByTestId('trash-view');
    await trash.waitFor();
    for (const slot of [2, 3]) {
      const item = trash.locator(`[data-testid="trash-item"][data-run-id="${slotRun[slot]}"]`);
      await item.getByTestId('restore-run').click();
      await item.waitFor({ state: 'detached', timeout: 30_000 });
      const worktree = await worktreeOf(branchOf[slotRun[slot]!]!);
      expect(worktree && existsSync(worktree)).toBeTruthy();
      expect(await readFile(join(worktree!, 'greeting.txt'), 'utf8')).toBe(`hello from slot ${slot}\n`);
    }
    await page.getByTestId('thread-item').first().click();
    await eventually('3 cards again', async () => (await runCards(page).count()) === 3);
    expect(session.pageErrors).toEqual([]);
  });

  it('deletes a run after listing what would be lost; its backup ref stays', async () => {
    const runId = slotRun[3]!;
    await card(runId).getByTestId('delete-run').click();
    const dialog = page.getByTestId('delete-dialog');
    await dialog.waitFor();
    const loss = dialog.getByTestId('loss-report');
    await loss.waitFor();
    expect(await loss.innerText()).toContain('greeting.txt');
    expect(await dialog.getByTestId('delete-backup-note').innerText()).toContain(`refs/switchyard/backup/${runId}`);
    await dialog.getByTestId('delete-confirm').click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await eventually('the card gone', async () => (await card(runId).count()) === 0);
    expect(await runGit(session.repo.path, ['for-each-ref', '--format=%(refname)', `refs/switchyard/backup/${runId}`])).toContain(runId);
    expect(await worktreeOf(branchOf[runId]!)).toBeNull();
  });

  it('shows a 10 MB diff only on "Load anyway", then scrolls it without long frames', async () => {
    // Run alone (npm run bench:diff-view), the tests before it have not opened the repository.
    if ((await page.getByTestId('new-thread').count()) === 0) await openRepo(page, session.repo.path);
    await page.getByTestId('new-thread').click();
    await saveCommandProfile(page, 'Big agent', `node "${join(session.scratch.path, 'agent.mjs')}" "${join(session.scratch.path, 'slots')}" big`);
    await startThread(page, { prompt: 'Write a big lockfile', profileName: 'Big agent', count: 1 });
    await eventually('the run exited', async () => (await statuses(page)).every((s) => s === 'exited'), 60_000);
    await runCards(page).first().getByTestId('open-review').click();
    const pane = page.getByTestId('review-pane');
    await pane.locator('[data-testid="diff-file"][data-path="big-lock.json"]').waitFor();
    await pane.getByTestId('diff-too-large').waitFor();
    expect(await pane.getByTestId('diff-view').count()).toBe(0);
    const started = Date.now();
    await pane.getByTestId('load-large').click();
    await pane.getByTestId('diff-view').waitFor({ timeout: 60_000 });
    expect(await pane.getByTestId('diff-view').getAttribute('data-lines')).toBe('200002');
    const loadMs = Date.now() - started;
    // Fling through it for 2 s (400 px a frame, 24 000 px/s) while timing every frame.
    const frames = await pane.getByTestId('diff-view').evaluate(async (el) => {
      const times: number[] = [];
      let last = performance.now();
      const end = last + 2000;
      await new Promise<void>((done) => {
        // Bounded: a starved or throttled page must end the measurement, not hang the test.
        setTimeout(done, 10_000);
        const step = (now: number): void => {
          times.push(now - last);
          last = now;
          el.scrollTop += 400;
          if (now < end) requestAnimationFrame(step);
          else done();
        };
        requestAnimationFrame(step);
      });
      return { times, rows: el.querySelectorAll('tr').length, scrollTop: el.scrollTop };
    });
    const sorted = [...frames.times].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? Infinity;
    // The frame-time goal is a benchmark figure (npm run bench:diff-view prints it), not a test verdict:
    // a shared CI machine's timing must not fail the suite. The test checks the windowing itself.
    console.log(
      `bench diff-view: 10 MB diff loaded in ${loadMs} ms; frame time p95 ${p95.toFixed(1)} ms / 50 ms = ${(p95 / 50).toFixed(2)} ` +
        `(goal < 1) ${p95 < 50 ? 'PASS' : 'FAIL'}; ${frames.times.length} frames; ${frames.rows} table rows in the DOM`,
    );
    expect(frames.rows).toBeLessThan(5_000);
    expect(frames.scrollTop).toBeGreaterThan(0);
    await page.getByTestId('panel-back').click();
    expect(session.pageErrors).toEqual([]);
  });

  it('shows a running check\u2019s output live, then reports a worktree deleted by hand after a restart', async () => {
    // Its own repository, whose check prints a line and then keeps running for a while.
    const liveRepo = await makeTempRepo({
      files: { 'README.md': '# live\n', '.switchyard.json': JSON.stringify({ checks: { slow: 'echo live-check-line; sleep 6; echo after-sleep' } }) },
    });
    onTestFinished(() => liveRepo.cleanup());
    await page.getByTestId('repo-switch').click();
    await openRepo(page, liveRepo.path);
    await page.getByTestId('new-thread').click();
    await startThread(page, { prompt: 'Print something', profileName: 'Slot agent', count: 1 });
    await eventually('the run exited', async () => (await statuses(page)).every((s) => s === 'exited'), 60_000);
    const runCard = runCards(page).first();
    const runId = (await runCard.getAttribute('data-run-id'))!;
    const branch = await runCard.getByTestId('run-branch').innerText();

    // (a) The line shows in the output dialog while the check still runs; the stored output once it ends.
    await runCard.getByTestId('run-checks').click();
    const badge = runCard.locator('[data-testid="check-badge"][data-name="slow"]');
    await eventually('the check running', async () => (await badge.getAttribute('data-status', { timeout: 1000 })) === 'running');
    await badge.click();
    const dialog = page.getByTestId('check-output');
    await dialog.waitFor();
    const live = dialog.getByTestId('check-output-live');
    await eventually('the live line', async () => (await live.innerText({ timeout: 1000 })).includes('live-check-line'), 5_000);
    expect(await dialog.getByTestId('check-output-status').innerText()).toMatch(/^running/);
    expect(await badge.getAttribute('data-status')).toBe('running');
    await eventually('the check passed', async () => /passed, exit 0/.test(await dialog.getByTestId('check-output-status').innerText()), 30_000);
    expect(await dialog.getByTestId('check-output-text').innerText()).toContain('after-sleep');
    expect(await dialog.getByTestId('check-output-live').count()).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // (b) Its worktree folder deleted by hand: after a restart, the sidebar reports it and lists the path.
    const listed = await runGit(liveRepo.path, ['worktree', 'list', '--porcelain']);
    const worktree = listed
      .split('\n\n')
      .filter((block) => block.includes(`branch refs/heads/${branch}`))
      .map((block) => /^worktree (.+)$/m.exec(block)?.[1])[0];
    expect(worktree && existsSync(worktree)).toBeTruthy();
    await rm(worktree!, { recursive: true, force: true });
    await session.restartApp();
    await page.goto(session.app.url);
    const notice = page.getByTestId('drift-notice');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.innerText()).toMatch(/\d+ worktrees? needs? attention/);
    await notice.click();
    const driftDialog = page.getByTestId('drift-dialog');
    await driftDialog.waitFor();
    const item = driftDialog.locator(`[data-testid="drift-item"][data-run-id="${runId}"]`);
    expect(await item.getByTestId('drift-path').innerText()).toBe(worktree);
    expect(await driftDialog.innerText()).toContain('never deletes or recreates anything by itself');
    expect(existsSync(worktree!)).toBe(false);
    await driftDialog.getByTestId('drift-dismiss').click();
    await driftDialog.waitFor({ state: 'detached' });
    expect(await notice.count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });

  /** The worktree folder git lists for a branch, or null. */
  async function worktreeOf(branch: string): Promise<string | null> {
    const out = await runGit(session.repo.path, ['worktree', 'list', '--porcelain']);
    for (const block of out.split('\n\n')) {
      const path = /^worktree (.+)$/m.exec(block)?.[1];
      if (path && block.includes(`branch refs/heads/${branch}`)) return path;
    }
    return null;
  }
});
