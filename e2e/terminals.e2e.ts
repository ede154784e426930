// Terminals at scale in Chromium against the headless server: 8 runs stream at once while the user
// flips between them. Each focused terminal must show its own run's latest output (every line is
// tagged with the run's id), a card repaints only the rows it shows and every one of them is current,
// hidden terminals stay within the registry's bound, output keeps arriving with nothing lost, and
// search, auto-scroll and link confirmation work in the focused view.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempRepo } from '../test/helpers/git-fixtures';
import { boardPage, hasChromium, launchChromium } from './support/browser';
import { eventually, openRepo, runCards, saveCommandProfile, startThread, terminalLines } from './support/board-flow';
import { startHeadlessApp, type HeadlessApp } from './support/headless-app';

const RUNS = 8;
/** Lines per run and the pause between them: about 40 s of streaming, longer than the switching. */
const LINES = 2000;
const DELAY_MS = 20;
/** TerminalLimits.keepHidden in src/renderer/src/terminals/terminal-registry.ts. */
const KEEP_HIDDEN = 4;

/** Prints every line tagged with the run's id, so a terminal showing another run's output is caught. */
const STREAMER = `
const id = process.env.SWITCHYARD_RUN_ID ?? 'unknown';
const [lines, delay] = process.argv.slice(2, 4).map(Number);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (let i = 1; i <= lines; i++) {
  process.stdout.write('[' + id + '] line ' + i + ' of ' + lines + '\\r\\n');
  await sleep(delay);
}
process.stdout.write('[' + id + '] docs at https://example.com/docs/' + id + '\\r\\n');
process.stdout.write('[' + id + '] done\\r\\n');
`;

interface Tagged {
  readonly ids: Set<string>;
  readonly maxLine: number;
  readonly done: boolean;
}

/** Reads the tagged lines a terminal shows: whose they are, the newest line number, and whether it ended. */
function readTagged(lines: readonly string[]): Tagged {
  const ids = new Set<string>();
  let maxLine = 0;
  let done = false;
  for (const line of lines) {
    const m = /^\[([a-z0-9-]+)\] (?:line (\d+) of \d+|(done))/.exec(line.trim());
    if (!m) continue;
    ids.add(m[1]!);
    if (m[2]) maxLine = Math.max(maxLine, Number(m[2]));
    if (m[3]) done = true;
  }
  return { ids, maxLine, done };
}

/** What the terminal registry reports on document.body.dataset. */
async function liveCounts(page: Page): Promise<{ live: number; hidden: number; webgl: number; opened: number }> {
  return page.evaluate(() => ({
    live: Number(document.body.dataset.liveTerminals),
    hidden: Number(document.body.dataset.hiddenTerminals),
    webgl: Number(document.body.dataset.webglTerminals),
    opened: Number(document.body.dataset.terminalsOpened),
  }));
}

async function allCardsPainted(page: Page): Promise<boolean> {
  const painted = await page.getByTestId('run-terminal').evaluateAll((hosts) => hosts.map((h) => h.getAttribute('data-painted')));
  return painted.length === RUNS && painted.every((p) => p === 'true');
}

if (!hasChromium()) console.warn('skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!hasChromium())('terminals at scale in Chromium', () => {
  let app: HeadlessApp;
  let browser: Browser;
  let page: Page;
  let repo: { path: string; cleanup(): Promise<void> };
  let scratch: string;
  let runIds: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'switchyard-streamer-'));
    await writeFile(join(scratch, 'streamer.mjs'), STREAMER);
    repo = await makeTempRepo({ files: { 'README.md': '# streams\n' } });
    app = await startHeadlessApp();
    browser = await launchChromium();
    page = await boardPage(browser, (message) => errors.push(`pageerror: ${message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
    });
    await page.goto(app.url);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.cleanup();
    await repo?.cleanup();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('streams 8 runs at once, each card showing its own run', async () => {
    await openRepo(page, repo.path);
    await page.getByTestId('new-thread').click();
    await saveCommandProfile(page, 'Streamer', `node "${join(scratch, 'streamer.mjs')}" ${LINES} ${DELAY_MS} {prompt}`);
    await startThread(page, { prompt: 'stream for a while', profileName: 'Streamer', count: RUNS });
    runIds = await runCards(page).evaluateAll((cards) => cards.map((c) => c.getAttribute('data-run-id') ?? ''));
    expect(new Set(runIds).size).toBe(RUNS);
    for (let i = 0; i < RUNS; i++) {
      const card = runCards(page).nth(i);
      await eventually(`card ${i + 1} streams its own lines`, async () => {
        const seen = readTagged(await terminalLines(card));
        return seen.maxLine > 0 && seen.ids.size === 1 && seen.ids.has(runIds[i]!);
      });
    }
    // In this headless Chromium WebGL is SwiftShader (software), so every terminal uses the DOM renderer.
    expect((await liveCounts(page)).webgl).toBe(0);
  });

  it('repaints only the rows a card shows, and every row in view is current', async () => {
    /** Per card, per DOM row: its line number (0: untagged) and whether it is inside the card's clip. */
    const snapshot = () =>
      page.getByTestId('run-terminal').evaluateAll((hosts) =>
        hosts.map((host) => {
          const clip = host.getBoundingClientRect();
          return [...host.querySelectorAll('.xterm-rows > div')].map((row) => {
            const box = row.getBoundingClientRect();
            return { line: Number(/ line (\d+) of /.exec(row.textContent ?? '')?.[1] ?? 0), inView: box.bottom > clip.top + 1 && box.top < clip.bottom - 1 };
          });
        }),
      );
    await eventually('every card scrolled past its first screen', async () => (await snapshot()).every((rows) => rows.some((r) => r.inView && r.line > rows.length)));
    let staleOutOfView = 0;
    for (let round = 0; round < 5; round++) {
      for (const rows of await snapshot()) {
        // A row shows line (offset + its index) when current: one offset for every row in view.
        const offsets = new Set(rows.flatMap((r, i) => (r.inView && r.line > 0 ? [r.line - i] : [])));
        expect(offsets.size, JSON.stringify(rows)).toBe(1);
        const [offset] = offsets;
        staleOutOfView += rows.filter((r, i) => !r.inView && r.line > 0 && r.line - i !== offset).length;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(staleOutOfView).toBeGreaterThan(0); // rows out of view were left alone (card-refresh.ts clips renders)
  });

  it('shows each focused run its own latest output, keeping hidden terminals within the bound', async () => {
    const newest = new Map<string, number>();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < RUNS; i++) {
        const id = runIds[i]!;
        const card = page.locator(`[data-testid="run-card"][data-run-id="${id}"]`);
        await eventually('every card painted', () => allCardsPainted(page));
        const before = readTagged(await terminalLines(card)).maxLine;
        const floor = Math.max(before, newest.get(id) ?? 0);
        const opened = (await liveCounts(page)).opened;
        await card.getByTestId('focus-run').click();
        const focused = page.locator(`[data-testid="focused-terminal"][data-run-id="${id}"]`);
        await focused.waitFor();
        const seen = await eventually(`run ${i + 1} focused with its own, newer output`, async () => {
          const tagged = readTagged(await terminalLines(page.locator('body'), 'focused-terminal'));
          const ownOnly = tagged.ids.size === 1 && tagged.ids.has(id);
          return ownOnly && (tagged.done || tagged.maxLine > floor) && tagged;
        });
        newest.set(id, seen.maxLine);
        const counts = await liveCounts(page);
        expect(counts.opened).toBe(opened); // the card's live terminal moved into the focused view
        expect(counts.hidden).toBeLessThanOrEqual(KEEP_HIDDEN);
        expect(counts.live).toBeLessThanOrEqual(1 + KEEP_HIDDEN);
        await page.getByTestId('back-to-board').click();
        await eventually('board again', async () => (await runCards(page).count()) === RUNS);
      }
    }
    // Back on the board every card paints again, each with its own run.
    await eventually('every card painted', () => allCardsPainted(page));
    for (let i = 0; i < RUNS; i++) {
      const card = runCards(page).nth(i);
      await eventually(`card ${i + 1} repainted with its own run`, async () => {
        const seen = readTagged(await terminalLines(card));
        return seen.ids.size === 1 && seen.ids.has(runIds[i]!);
      });
    }
    expect((await liveCounts(page)).hidden).toBeLessThanOrEqual(KEEP_HIDDEN);
  });

  it('searches the scrollback; Escape closes the search, not the focused view', async () => {
    await runCards(page).first().getByTestId('focus-run').click();
    await page.getByTestId('focused-terminal').waitFor();
    await page.keyboard.press('Control+f');
    const search = page.getByTestId('terminal-search');
    await search.waitFor();
    await page.getByTestId('terminal-search-input').fill('line 3 of');
    await page.keyboard.press('Enter');
    await eventually('a match counted', async () => /of \d+|\d+\+/.test(await page.getByTestId('terminal-search-count').innerText()));
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.press('Escape');
    await search.waitFor({ state: 'detached' });
    expect(await page.getByTestId('focused-terminal').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea'))).toBe(true);
  });

  it('stops following output while scrolled up and offers a way back down', async () => {
    const terminal = page.getByTestId('focused-terminal');
    const box = await terminal.boundingBox();
    if (!box) throw new Error('focused terminal has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // The search left the viewport up at its match while output kept coming: the button takes us down.
    const jump = page.getByTestId('jump-to-bottom');
    if (await jump.count()) {
      await jump.click();
      await jump.waitFor({ state: 'detached' });
    }
    // Enough scrollback to scroll up into (a few screens).
    const ready = await eventually('a few screens of output', async () => {
      const seen = readTagged(await terminalLines(page.locator('body'), 'focused-terminal'));
      return (seen.done || seen.maxLine >= 200) && seen;
    });
    if (ready.done) {
      console.warn('skipped the auto-scroll check: the run ended before it (a very slow machine)');
      return;
    }
    await page.mouse.wheel(0, -2000);
    await jump.waitFor({ timeout: 10_000 });
    const held = readTagged(await terminalLines(page.locator('body'), 'focused-terminal')).maxLine;
    await page.waitForTimeout(300);
    expect(readTagged(await terminalLines(page.locator('body'), 'focused-terminal')).maxLine).toBe(held);
    await jump.click();
    await jump.waitFor({ state: 'detached' });
    await eventually('following output again', async () => readTagged(await terminalLines(page.locator('body'), 'focused-terminal')).maxLine > held);
  });

  it('keeps every line and opens a printed link only after confirmation', async () => {
    await page.getByTestId('back-to-board').click();
    await eventually('all runs exited', async () => {
      const statuses = await runCards(page).evaluateAll((cards) => cards.map((c) => c.getAttribute('data-status')));
      return statuses.every((s) => s === 'exited');
    }, 120_000);
    const id = runIds[RUNS - 1]!;
    await page.locator(`[data-testid="run-card"][data-run-id="${id}"]`).getByTestId('focus-run').click();
    await eventually('the last lines of the run', async () => {
      const text = (await terminalLines(page.locator('body'), 'focused-terminal')).join('\n');
      return text.includes(`[${id}] line ${LINES} of ${LINES}`) && text.includes(`[${id}] done`);
    });
    await page.evaluate(() => {
      (window as unknown as { opened: string[] }).opened = [];
      window.open = ((url: string) => {
        (window as unknown as { opened: string[] }).opened.push(url);
        return null;
      }) as typeof window.open;
    });
    const url = `https://example.com/docs/${id}`;
    const link = page.getByTestId('focused-terminal').locator('.xterm-rows span', { hasText: 'https://example.com' }).last();
    const box = await link.boundingBox();
    if (!box) throw new Error('the link is not on screen');
    const target = { x: box.x + box.width - 4, y: box.y + box.height / 2 };
    await page.mouse.move(target.x - 10, target.y);
    await page.mouse.move(target.x, target.y);
    await page.mouse.click(target.x, target.y);
    const dialog = page.getByTestId('link-confirm');
    await dialog.waitFor();
    expect(await page.getByTestId('link-confirm-url').innerText()).toBe(url);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('focused-terminal').count()).toBe(1); // Escape cancelled the dialog only
    expect(await page.evaluate(() => (window as unknown as { opened: string[] }).opened)).toEqual([]);
    await page.mouse.move(target.x - 10, target.y);
    await page.mouse.move(target.x, target.y);
    await page.mouse.click(target.x, target.y);
    await page.getByTestId('link-open').click();
    expect(await page.evaluate(() => (window as unknown as { opened: string[] }).opened)).toEqual([url]);
    expect(errors).toEqual([]);
  });
});
