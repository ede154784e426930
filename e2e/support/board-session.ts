// One board session for a Chromium spec: a temp git repository, a scratch folder holding the
// spec's stand-in agent scripts, the headless app, Chromium and a board page on the app's URL, and
// the cleanup that undoes all of it. What every board spec's beforeAll/afterAll used to spell out.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir, makeTempRepo, writeFiles, type TempDir, type TempRepoOptions } from '../../test/helpers/git-fixtures';
import { boardPage, launchChromium, type BoardPageOptions } from './browser';
import { startHeadlessApp, type HeadlessApp, type HeadlessAppOptions } from './headless-app';

export interface BoardSessionOptions {
  /** The repository's first commit (makeTempRepo's options). */
  repo?: TempRepoOptions;
  /** Prefix of the scratch folder's name. */
  scratchPrefix?: string;
  /** Files written into the scratch folder (relative paths), e.g. the stand-in agents. */
  scratchFiles?: Record<string, string>;
  /** Empty folders made in the scratch folder (relative paths). */
  scratchDirs?: string[];
  /** The headless app's environment and probed local servers. */
  app?: HeadlessAppOptions;
  /** The board page's browser context (e.g. clipboard permissions). */
  pageOptions?: BoardPageOptions;
  /** Runs on the page before it first loads the app (e.g. init scripts). */
  beforeGoto?: (page: Page) => Promise<unknown>;
}

export interface BoardSession {
  /** The running app; replaced by restartApp(). */
  app: HeadlessApp;
  readonly browser: Browser;
  readonly page: Page;
  readonly repo: TempDir;
  readonly scratch: TempDir;
  /** Uncaught errors of the page, in order. */
  readonly pageErrors: string[];
  /** Restarts the app on the same data (runs interrupted) and returns the new one; the page is not reloaded. */
  restartApp(): Promise<HeadlessApp>;
  /** Closes Chromium, stops the app and removes its data, the repository and the scratch folder. */
  cleanup(): Promise<void>;
}

export async function startBoardSession(opts: BoardSessionOptions = {}): Promise<BoardSession> {
  const pageErrors: string[] = [];
  let app: HeadlessApp | undefined;
  let browser: Browser | undefined;
  let repo: TempDir | undefined;
  let scratch: TempDir | undefined;
  const cleanup = async (): Promise<void> => {
    await browser?.close();
    await app?.cleanup();
    await repo?.cleanup();
    await scratch?.cleanup();
  };
  try {
    repo = await makeTempRepo(opts.repo);
    scratch = await makeTempDir(opts.scratchPrefix ?? 'switchyard-e2e-scratch-');
    await writeFiles(scratch.path, opts.scratchFiles ?? {});
    for (const dir of opts.scratchDirs ?? []) await mkdir(join(scratch.path, dir), { recursive: true });
    app = await startHeadlessApp(undefined, opts.app);
    browser = await launchChromium();
    const page = await boardPage(browser, (message) => pageErrors.push(message), opts.pageOptions);
    await opts.beforeGoto?.(page);
    await page.goto(app.url);
    const session: BoardSession = {
      app,
      browser,
      page,
      repo,
      scratch,
      pageErrors,
      async restartApp() {
        app = await session.app.restart();
        session.app = app;
        return app;
      },
      cleanup,
    };
    return session;
  } catch (err) {
    await cleanup();
    throw err;
  }
}
