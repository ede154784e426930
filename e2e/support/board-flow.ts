// The golden flow's steps, shared by the Chromium spec and the Electron spec: they drive the UI only
// through its data-testids, the way a user would, and read what the user would see.
import type { Locator, Page } from 'playwright-core';

const STEP_TIMEOUT_MS = 30_000;

/** Polls `probe` until it returns a truthy value, or fails with `what` after the timeout. */
export async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = STEP_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function openRepo(page: Page, path: string): Promise<void> {
  await page.getByTestId('repo-path-input').fill(path);
  await page.getByTestId('repo-open').click();
  await page.getByTestId('new-thread').waitFor({ timeout: STEP_TIMEOUT_MS });
}

export async function saveCommandProfile(page: Page, name: string, commandLine: string): Promise<void> {
  await page.getByTestId('new-profile').click();
  await page.getByTestId('profile-name').fill(name);
  await page.getByTestId('profile-command').fill(commandLine);
  await page.getByTestId('profile-save').click();
  await page.getByText(`Saved \u201c${name}\u201d.`).waitFor({ timeout: STEP_TIMEOUT_MS });
}

export async function startThread(page: Page, opts: { prompt: string; profileName: string; count: number }): Promise<void> {
  await page.getByTestId('composer-prompt').fill(opts.prompt);
  const select = page.getByTestId('profile-select').last();
  const value = await select.locator('option', { hasText: opts.profileName }).first().getAttribute('value');
  if (!value) throw new Error(`no profile option named ${opts.profileName}`);
  await select.selectOption(value);
  await page.getByTestId('profile-count').last().fill(String(opts.count));
  await page.getByTestId('composer-submit').click();
  await eventually(`${opts.count} run cards`, async () => (await page.getByTestId('run-card').count()) === opts.count);
}

export function runCards(page: Page): Locator {
  return page.getByTestId('run-card');
}

/** The text a terminal shows on screen (xterm's rendered rows), rows joined so wrapped lines read whole. */
export async function terminalText(scope: Locator, testId = 'run-terminal'): Promise<string> {
  const text = await scope.getByTestId(testId).locator('.xterm-rows').innerText();
  return text.replace(/\n/g, '');
}

export async function statuses(page: Page): Promise<string[]> {
  return runCards(page).evaluateAll((cards) => cards.map((c) => c.getAttribute('data-status') ?? ''));
}

/** The rows a terminal shows on screen, one string per row (no joining: tagged lines stay apart). */
export async function terminalLines(scope: Locator, testId = 'run-terminal'): Promise<string[]> {
  const text = await scope.getByTestId(testId).locator('.xterm-rows').innerText();
  return text.split('\n');
}

/** Opens the repository on a new thread and saves the command profiles (name to command line), in order. */
export async function openRepoWithProfiles(page: Page, path: string, profiles: Record<string, string>): Promise<void> {
  await openRepo(page, path);
  await page.getByTestId('new-thread').click();
  for (const [name, commandLine] of Object.entries(profiles)) await saveCommandProfile(page, name, commandLine);
}
