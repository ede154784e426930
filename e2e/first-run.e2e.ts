// The first run in Chromium against the headless app: with no repository open, the three jobs, the
// focused "Open repository" action and the setup checklist. One app has no agent CLI on the PATH its
// agents get and no endpoint (everything says how to fix it); the other has stand-in `codex` and
// `claude` scripts on it, a fake OpenAI-compatible server on an injected port and OPENAI_API_KEY set
// (shown as installed / found, the key never reaching the page). Then the themes: light and dark
// follow the system, live terminals included, and Getting started stays reachable from the sidebar.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedModelServer, type ScriptedModelServer } from '../test/fixtures/scripted-model-server';
import { binWithGit, closedPort, writeExecutable } from '../test/helpers/agent-path';
import { makeTempRepo } from '../test/helpers/git-fixtures';
import { eventually, openRepo, runCards, startThread } from './support/board-flow';
import { boardPage, hasChromium, launchChromium } from './support/browser';
import { startHeadlessApp, type HeadlessApp } from './support/headless-app';

const KEY = 'sk-e2e-first-run-never-shown';
/** How long the stand-in codex takes to print its version: long enough to see Re-check busy. */
const CODEX_VERSION_DELAY_MS = 1_500;

/** A stand-in CLI run by this very node (the agents' PATH has only git besides). */
async function standIn(dir: string, name: string, body: string): Promise<void> {
  await writeExecutable(dir, name, `#!${process.execPath}\n${body}\n`);
}

if (!hasChromium()) console.warn('skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!hasChromium())('first run in Chromium against the headless app', () => {
  let model: ScriptedModelServer;
  let emptyBin: string;
  let agentsBin: string;
  let bare: HeadlessApp;
  let equipped: HeadlessApp;
  let browser: Browser;
  let repo: { path: string; cleanup(): Promise<void> };
  const pageErrors: string[] = [];
  const pages: Page[] = [];

  const open = async (app: HeadlessApp): Promise<Page> => {
    const page = await boardPage(browser, (message) => pageErrors.push(message));
    pages.push(page);
    await page.goto(app.url);
    await page.getByTestId('first-run').waitFor();
    return page;
  };
  const checklistReady = (page: Page) => page.getByTestId('check-git').waitFor({ timeout: 30_000 });

  beforeAll(async () => {
    model = await startScriptedModelServer({ script: [], models: ['llama3.2:3b', 'qwen2.5-coder:7b'] });
    emptyBin = await binWithGit('switchyard-e2e-nobin-');
    agentsBin = await binWithGit('switchyard-e2e-bin-');
    await standIn(agentsBin, 'codex', `setTimeout(() => console.log('codex-cli 9.9.9'), ${CODEX_VERSION_DELAY_MS});`);
    await standIn(agentsBin, 'claude', `console.log('2.1.329 (Claude Code)');`);
    const nothing = await closedPort();
    // The agents' environment is only what is given here: no CLI of this machine, no key of the tester's.
    bare = await startHeadlessApp(undefined, { env: { HOME: tmpdir(), PATH: emptyBin }, localServers: [{ name: 'Ollama', port: nothing }] });
    equipped = await startHeadlessApp(undefined, {
      env: { HOME: tmpdir(), PATH: agentsBin, OPENAI_API_KEY: KEY },
      localServers: [{ name: 'Ollama', port: Number(new URL(model.baseURL).port) }, { name: 'LM Studio', port: nothing }],
    });
    repo = await makeTempRepo({ files: { 'README.md': '# first run\n' } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bare?.cleanup();
    await equipped?.cleanup();
    await model?.close();
    await repo?.cleanup();
    if (emptyBin) await rm(emptyBin, { recursive: true, force: true });
    if (agentsBin) await rm(agentsBin, { recursive: true, force: true });
  });

  it('with no repository and no agent: the three jobs, Open repository focused, and how to fix each missing part', async () => {
    const page = await open(bare);
    const jobs = await page.getByTestId('three-jobs-item').allInnerTexts();
    expect(jobs).toHaveLength(3);
    expect(jobs[0]).toMatch(/^1\s*Run\b.*parallel.*worktree/s);
    expect(jobs[1]).toMatch(/Compare\b.*side by side/s);
    expect(jobs[2]).toMatch(/Merge\b.*choose/s);
    // Headless has no native folder picker: the big action is the path field and its Open repository button.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('repo-path-input');
    expect((await page.getByTestId('repo-open').innerText()).trim()).toBe('Open repository');

    await checklistReady(page);
    expect(await page.getByTestId('check-git').getAttribute('data-ok')).toBe('true');
    const clis = page.getByTestId('check-cli');
    expect(await clis.count()).toBe(7);
    for (const cli of await clis.all()) {
      expect(await cli.getAttribute('data-ok')).toBe('false');
      expect(await cli.innerText()).toMatch(/install: .+ docs: https?:\/\//s);
    }
    expect(await page.locator('[data-testid="check-cli"][data-cli-id="codex"]').innerText()).toContain('npm i -g @openai/codex');
    const endpoint = page.getByTestId('check-endpoint');
    expect(await endpoint.getAttribute('data-ok')).toBe('false');
    const fixes = await page.getByTestId('endpoint-fixes').innerText();
    expect(fixes).toContain('OPENAI_API_KEY');
    expect(fixes).toContain('ollama serve');
    expect(fixes).toContain('Add a built-in agent');
    expect(await page.getByTestId('check-always').innerText()).toContain('Shell and command profiles always work');
    expect(await page.getByTestId('check-always').getAttribute('data-ok')).toBe('true');
  });

  it('with stand-in CLIs on PATH and a local server: installed with versions, the server found, Re-check busy while it runs', async () => {
    const page = await open(equipped);
    await checklistReady(page);
    const codex = page.locator('[data-testid="check-cli"][data-cli-id="codex"]');
    const claude = page.locator('[data-testid="check-cli"][data-cli-id="claude"]');
    expect(await codex.getAttribute('data-ok')).toBe('true');
    expect(await codex.innerText()).toContain('9.9.9');
    expect(await claude.getAttribute('data-ok')).toBe('true');
    expect(await claude.innerText()).toContain('2.1.329');
    expect(await page.locator('[data-testid="check-cli"][data-cli-id="gemini"]').getAttribute('data-ok')).toBe('false');
    expect(await page.getByTestId('check-clis').innerText()).toContain('2 of 7 installed');

    expect(await page.getByTestId('check-endpoint').getAttribute('data-ok')).toBe('true');
    const found = await page.getByTestId('endpoint-found').allInnerTexts();
    expect(found).toContain(`Ollama at ${model.baseURL}: llama3.2:3b, qwen2.5-coder:7b`);
    expect(found).toContain('OPENAI_API_KEY is set in Switchyard\u2019s environment');
    expect(await page.content()).not.toContain(KEY);

    // Re-check detects the CLIs again: the stand-in codex takes its time, and the button says so meanwhile.
    const recheck = page.getByTestId('first-run-recheck');
    await recheck.click();
    await eventually('Re-check busy', async () => (await recheck.getAttribute('aria-busy')) === 'true' && (await recheck.isDisabled()), 5_000);
    expect(await recheck.innerText()).toContain('Checking');
    expect(await page.getByTestId('setup-checklist').getAttribute('aria-busy')).toBe('true');
    await eventually('Re-check done', async () => (await recheck.getAttribute('aria-busy')) === 'false');
    expect((await recheck.innerText()).trim()).toBe('Re-check');
    expect(await codex.getAttribute('data-ok')).toBe('true');
  });

  it('sets the built-in agent up from the local server it found', async () => {
    const page = pages[1] as Page;
    await page.getByTestId('endpoint-use-local').click();
    const form = page.getByTestId('builtin-form');
    await form.waitFor();
    expect(await form.locator('input[id$="-baseUrl"]').inputValue()).toBe(model.baseURL);
    expect(await form.locator('input[id$="-model"]').inputValue()).toBe('llama3.2:3b');
    await page.getByTestId('builtin-save').click();
    await form.waitFor({ state: 'detached' });
    await eventually('the saved agent listed', async () => (await page.getByTestId('endpoint-found').allInnerTexts()).some((t) => t.startsWith('Built-in agent \u201cOllama\u201d')));
    // The server is used by a profile now: no more offer to use it.
    expect(await page.getByTestId('endpoint-use-local').count()).toBe(0);
  });

  it('follows the system theme: light and dark palettes, live terminals included', async () => {
    const page = pages[1] as Page;
    const look = () =>
      page.evaluate(() => {
        const root = getComputedStyle(document.documentElement);
        const viewport = document.querySelector('[data-testid="run-card"] .xterm-viewport');
        return {
          bg: getComputedStyle(document.body).backgroundColor,
          onWarn: root.getPropertyValue('--on-warn').trim(),
          syntax: root.getPropertyValue('--syntax-string').trim(),
          terminal: viewport ? getComputedStyle(viewport).backgroundColor : null,
        };
      });
    await openRepo(page, repo.path);
    await startThread(page, { prompt: 'themes', profileName: 'Shell', count: 1 });
    await runCards(page).first().locator('.xterm-viewport').waitFor();

    const dark = await look();
    expect(dark).toEqual({ bg: 'rgb(17, 19, 24)', onWarn: '#1b1300', syntax: '#98c379', terminal: 'rgb(13, 15, 19)' });
    await page.emulateMedia({ colorScheme: 'light' });
    await eventually('the light theme', async () => (await look()).terminal === 'rgb(251, 251, 252)');
    expect(await look()).toEqual({ bg: 'rgb(246, 247, 249)', onWarn: '#ffffff', syntax: '#0a3069', terminal: 'rgb(251, 251, 252)' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await eventually('back to dark', async () => (await look()).terminal === 'rgb(13, 15, 19)');
    expect((await look()).bg).toBe('rgb(17, 19, 24)');
  });

  it('keeps Getting started reachable from the sidebar once a repository is open', async () => {
    const page = pages[1] as Page;
    await page.getByTestId('open-getting-started').click();
    const panel = page.getByTestId('getting-started');
    await panel.waitFor();
    expect(await panel.getByTestId('three-jobs-item').count()).toBe(3);
    await panel.getByTestId('check-git').waitFor();
    expect(await panel.locator('[data-testid="check-cli"][data-cli-id="codex"]').getAttribute('data-ok')).toBe('true');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });
});
