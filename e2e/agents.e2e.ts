// Agents in Chromium against the headless server, with real git, PTYs and SQLite: a built-in agent
// profile made through its form (approval 'ask') against a scripted OpenAI-compatible server, and a
// stand-in `codex` first on the agents' PATH that prints an OSC 9 notification and then waits for a
// line. One thread with 2 built-in runs and 1 codex run: the codex card needs input (from OSC), a
// desktop notification says so, Ctrl+J jumps between the runs that need the user, a command is
// approved on one built-in run and denied on the other (both finish, with token usage), and
// follow-ups go to the codex terminal and as a new turn to a built-in run (typing into a built-in
// run's terminal lands in its follow-up box).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExecutable } from '../test/helpers/agent-path';
import { startScriptedModelServer, type ScriptedModelServer } from '../test/fixtures/scripted-model-server';
import { hasChromium } from './support/browser';
import { eventually, openRepo, runCards, terminalText } from './support/board-flow';
import { startBoardSession, type BoardSession } from './support/board-session';

const SCREENSHOTS = fileURLToPath(new URL('../docs/screenshots', import.meta.url));
const KEY = 'sk-e2e-agents';
const AGENT_NAME = 'Scripted agent';
const COMMAND = 'echo approved > approved.txt';

/** The stand-in codex: its version, then the prompt, an OSC 9 question after a while, and it exits after one line of input. */
const STAND_IN = `#!/usr/bin/env node
if (process.argv.includes('--version')) { console.log('codex-cli 9.9.9'); process.exit(0); }
const prompt = process.argv[process.argv.length - 1];
process.stdout.write('stand-in codex\\r\\ntask: ' + prompt + '\\r\\n');
setTimeout(() => process.stdout.write('\\x1b]9;Approve running the tests?\\x07'), 2500);
let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (data) => {
  buffer += data;
  const end = buffer.search(/[\\r\\n]/);
  if (end < 0) return;
  const line = buffer.slice(0, end).replace(/\\x1b\\[20[01]~/g, '');
  process.stdout.write('\\r\\ncodex got: ' + line + '\\r\\n');
  setTimeout(() => process.exit(0), 300);
});
`;

interface RecordedNotification {
  title: string;
  body?: string;
  tag?: string;
}

/** Replaces the page's Notification API with one that records what it is asked to show (permission granted). */
function stubNotifications(): void {
  const calls: RecordedNotification[] = [];
  class StubNotification {
    static permission = 'granted';
    static requestPermission(): Promise<string> {
      return Promise.resolve('granted');
    }
    onclick: (() => void) | null = null;
    constructor(title: string, options: { body?: string; tag?: string } = {}) {
      calls.push({ title, body: options.body, tag: options.tag });
    }
    close(): void {}
  }
  Object.assign(window, { Notification: StubNotification, __notifications: calls });
}

if (!hasChromium()) console.warn('skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!hasChromium())('agents in Chromium against the headless server', () => {
  let model: ScriptedModelServer;
  let bin: string;
  let session: BoardSession;
  let page: Page;

  const focused = (): Locator => page.locator('section.focused');
  const notifications = (): Promise<RecordedNotification[]> => page.evaluate(() => (window as unknown as { __notifications: RecordedNotification[] }).__notifications);
  const cardOf = (profile: string): Locator => runCards(page).filter({ has: page.locator('.run-profile', { hasText: profile }) });
  const focusedState = async (): Promise<{ profile: string; state: string | null; source: string | null }> => {
    await focused().waitFor();
    const activity = focused().locator('.focused-head [data-testid="run-activity"]');
    const has = (await activity.count()) > 0;
    return {
      profile: await focused().locator('.focused-head .run-profile').innerText(),
      state: has ? await activity.getAttribute('data-state') : null,
      source: has ? await activity.getAttribute('data-source') : null,
    };
  };

  beforeAll(async () => {
    model = await startScriptedModelServer({ script: [], requireKey: KEY });
    bin = await mkdtemp(join(tmpdir(), 'switchyard-e2e-bin-'));
    await writeExecutable(bin, 'codex', STAND_IN);
    session = await startBoardSession({
      repo: { files: { 'README.md': '# agents\n' } },
      // The stand-in first on the agents' PATH and the key in the app's environment.
      app: { env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, SWITCHYARD_TEST_KEY: KEY } },
      beforeGoto: (board) => board.addInitScript(stubNotifications),
    });
    ({ page } = session);
  });
  afterAll(async () => {
    await session?.cleanup();
    await model?.close();
    if (bin) await rm(bin, { recursive: true, force: true });
  });

  it('shows which agent CLIs are installed, with the stand-in codex and its version', async () => {
    await openRepo(page, session.repo.path);
    await page.getByTestId('new-thread').click();
    await page.getByTestId('clis-refresh').click();
    await page.getByTestId('clis-toggle').click();
    const codex = page.locator('[data-testid="cli-item"][data-cli-id="codex"]');
    await eventually('codex detected', async () => (await codex.getAttribute('data-available')) === 'true');
    expect(await codex.innerText()).toContain('9.9.9');
    // Every CLI that is missing is disabled in the picker and says how to install it.
    for (const item of await page.locator('[data-testid="cli-item"][data-available="false"]').all()) {
      const id = await item.getAttribute('data-cli-id');
      expect(await item.innerText()).toMatch(/not installed — .+docs: https?:\/\//s);
      expect(await page.getByTestId('profile-select').first().locator(`option[value="${id}"]`).isDisabled()).toBe(true);
    }
    expect(await page.getByTestId('profile-select').first().locator('option[value="codex"]').innerText()).toBe('Codex CLI — 9.9.9');
  });

  it('creates a built-in agent profile through its form, with the key found and the connection tested', async () => {
    await page.getByTestId('new-builtin').click();
    const form = page.getByTestId('builtin-form');
    await form.waitFor();
    await page.getByTestId('builtin-name').fill(AGENT_NAME);
    await page.getByTestId('builtin-base-url').fill(model.baseURL);
    await page.getByTestId('builtin-model').fill('scripted-1');
    await page.getByTestId('builtin-api').selectOption('chat');
    await page.getByTestId('builtin-approval').selectOption('ask');
    await page.getByTestId('builtin-sandbox').uncheck();
    await page.getByTestId('builtin-key-env').fill('NOT A VARIABLE');
    await page.getByTestId('builtin-save').click();
    expect(await page.getByTestId('builtin-apiKeyEnv-error').innerText()).toMatch(/variable name such as OPENAI_API_KEY/);
    await page.getByTestId('builtin-key-env').fill('SWITCHYARD_TEST_KEY');
    await page.getByTestId('builtin-test').click();
    // The scripted server has no /models route: the answer is shown inline, whatever it is.
    const result = page.getByTestId('builtin-test-result');
    await result.waitFor();
    expect(await result.innerText()).toContain(model.baseURL);
    expect(await page.getByTestId('builtin-key-status').innerText()).toBe('key found');
    await page.getByTestId('builtin-save').click();
    await page.getByTestId('builtin-saved').waitFor();
    expect(await form.count()).toBe(0);
    // Saved and put into the agent row.
    const select = page.getByTestId('profile-select').first();
    expect(await select.locator('option:checked').innerText()).toBe(`${AGENT_NAME} — scripted-1`);
    expect(await page.getByTestId('agent-row-note').first().innerText()).toContain('key found in SWITCHYARD_TEST_KEY');
  });

  it('runs 2 built-in agents and the codex CLI; the codex run needs input (OSC) and a notification says so', async () => {
    // Both built-in runs ask to run the same command first; each then ends its turn after its answer.
    const finalReply = { kind: 'reply' as const, text: 'All done: the command was handled.', usage: { input: 1200, output: 100 } };
    model.push(
      { kind: 'reply', text: 'Running it.', toolCalls: [{ name: 'run_command', arguments: { command: COMMAND } }] },
      { kind: 'reply', text: 'Running it.', toolCalls: [{ name: 'run_command', arguments: { command: COMMAND } }] },
      finalReply,
      finalReply,
    );
    await page.getByTestId('composer-prompt').fill('Write approved.txt');
    await page.getByTestId('profile-count').first().fill('2');
    await page.getByTestId('add-agent').click();
    await page.getByTestId('profile-select').last().selectOption('codex');
    await page.getByTestId('composer-submit').click();
    await eventually('3 run cards', async () => (await runCards(page).count()) === 3);
    // Away from the board, so the runs are not on screen: their changes are notified.
    await page.getByTestId('new-thread').click();

    await eventually('a notification that the codex run needs input', async () =>
      (await notifications()).some((n) => n.title === '#3 Codex CLI needs your input' && (n.body ?? '').includes('Approve running the tests?')),
    );
    await eventually('3 runs need the user', async () => (await page.getByTestId('needs-you-count').getAttribute('data-count')) === '3');
    expect(await page.title()).toBe('(3) Switchyard');
  });

  it('jumps to a run needing input with Ctrl+J, approves its command, and sees it finish with its token usage', async () => {
    expect(await page.getByTestId('jump-next-needing').getAttribute('title')).toContain('Ctrl+J');
    await page.keyboard.press('Control+j');
    // The longest waiting first: a built-in run waiting for its approval.
    const first = await focusedState();
    expect(first).toEqual({ profile: AGENT_NAME, state: 'needs-input', source: 'loop' });
    const prompt = focused().getByTestId('approval-prompt');
    expect(await prompt.getByTestId('approval-command').innerText()).toBe(COMMAND);
    await prompt.getByTestId('approval-approve').click();
    await eventually('the approved run finished its turn', async () => (await focused().locator('.focused-head [data-testid="run-status"]').innerText()) === 'exited 0');
    await eventually('its token usage', async () => (await focused().getByTestId('run-usage').innerText()) === '1.3k in · 110 out');
    expect(await focused().getByTestId('approval-prompt').count()).toBe(0);
    await eventually('its answer in the terminal', async () => (await terminalText(focused(), 'focused-terminal')).includes('All done: the command was handled.'));
    await page.getByTestId('back-to-board').click();

    // The board: one built-in run done, one asking, the codex run needing input from its OSC notification.
    const codex = cardOf('Codex CLI');
    const activity = codex.getByTestId('run-activity');
    expect(await activity.getAttribute('data-state')).toBe('needs-input');
    expect(await activity.getAttribute('data-source')).toBe('osc');
    expect(await activity.getAttribute('data-guess')).toBe('false');
    expect(await codex.getByTestId('run-activity-detail').innerText()).toBe('Approve running the tests?');
    await eventually('one built-in card still asks', async () => (await page.getByTestId('run-card').getByTestId('approval-prompt').count()) === 1);
    const counts = page.getByTestId('activity-counts');
    await eventually('header counts', async () =>
      (await counts.locator('[data-state="needs-input"]').getAttribute('data-count')) === '2' && (await counts.locator('[data-state="done"]').getAttribute('data-count')) === '1',
    );
    await eventually('the done card shows its usage', async () => (await page.getByTestId('run-usage').allInnerTexts()).includes('1.3k in · 110 out'));
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'agents.png') });
  });

  it('jumps on to the other runs: denies the other built-in run\u2019s command, then sends the codex run a follow-up', async () => {
    for (let hop = 0; hop < 3; hop++) {
      await page.keyboard.press('Control+j');
      const state = await focusedState();
      expect(state.state).toBe('needs-input');
      if (state.profile === 'Codex CLI') break;
      await focused().getByTestId('approval-deny').click();
      await eventually('the denied run finished its turn', async () => (await focused().locator('.focused-head [data-testid="run-status"]').innerText()) === 'exited 0');
      await page.getByTestId('back-to-board').click();
    }
    expect(await focusedState()).toEqual({ profile: 'Codex CLI', state: 'needs-input', source: 'osc' });
    await eventually('only the codex run needs the user', async () => (await page.getByTestId('needs-you-count').getAttribute('data-count')) === '1');

    await page.getByTestId('followup-input').fill('run them');
    await page.getByTestId('followup-input').press('Control+Enter');
    await eventually('the codex stand-in read the follow-up', async () => (await terminalText(focused(), 'focused-terminal')).includes('codex got: run them'));
    await eventually('the codex run exited', async () => (await focused().locator('.focused-head [data-testid="run-status"]').innerText()) === 'exited 0');
    expect(await page.getByTestId('followup-input').isDisabled()).toBe(true);
    expect(await page.getByTestId('followup-blocked').innerText()).toMatch(/process has ended/);
    await eventually('nobody needs the user', async () => (await page.getByTestId('needs-you-count').getAttribute('data-count')) === '0');
    await page.getByTestId('back-to-board').click();
  });

  it('sends a built-in run a follow-up turn and shows its answer', async () => {
    model.push({ kind: 'reply', text: 'Second turn: the answer is 42.', usage: { input: 100, output: 10 } });
    await runCards(page).first().getByTestId('focus-run').click();
    const input = page.getByTestId('followup-input');
    await eventually('the follow-up input is enabled', async () => !(await input.isDisabled()));
    // The built-in agent's terminal takes no input: typing there goes to the follow-up box.
    await focused().getByTestId('focused-terminal').click();
    await page.keyboard.type('And what');
    await eventually('typing went to the follow-up box', async () => (await input.inputValue()) === 'And what');
    expect(await page.getByTestId('toast').count()).toBe(0);
    await input.fill('And what is the answer?');
    await input.press('Control+Enter');
    await eventually('the second turn\u2019s answer in the terminal', async () => (await terminalText(focused(), 'focused-terminal')).includes('Second turn: the answer is 42.'), 60_000);
    await eventually('the usage of both turns', async () => (await focused().getByTestId('run-usage').innerText()) === '1.4k in · 120 out');
    await eventually('the turn is over', async () => (await focused().locator('.focused-head [data-testid="run-status"]').innerText()) === 'exited 0');
    const last = model.requests[model.requests.length - 1]!.body as { messages: unknown };
    expect(JSON.stringify(last.messages)).toContain('And what is the answer?');
    expect(model.requests.every((r) => r.api !== 'other' || r.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it('notified once per change, never for a guess, and had no page errors', async () => {
    const all = await notifications();
    expect(all.filter((n) => n.title === '#3 Codex CLI needs your input')).toHaveLength(1);
    for (const n of all) expect(n.tag).toMatch(/^switchyard-run-/);
    expect(session.pageErrors).toEqual([]);
  });
});
