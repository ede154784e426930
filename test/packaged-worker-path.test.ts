// In the packaged app the main bundle and its transcript worker script live inside app.asar, a file that only
// Electron's patched `fs` can look into, and that patch handles string (and Buffer) paths only: any other
// argument, a URL included, goes to the real disk, where app.asar/out/main/... never exists (electron/electron
// lib/asar/fs-wrapper.ts, splitPath). This emulates that edge, since no Electron binary runs here: node:fs
// answers existsSync only for strings. The worker must still be found.
import type * as Fs from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { resolveWorkerUrl } from '../src/core/store/transcript-worker-start';

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof Fs>();
  const existsSync = (path: unknown) => typeof path === 'string' && actual.existsSync(path);
  return { ...actual, existsSync, default: { ...actual, existsSync } };
});

const dir = mkdtempSync(join(tmpdir(), 'sy-asar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the transcript worker, found as a packaged app finds it', () => {
  it('looks its script up by path, not by URL, from the bundle and from a shared chunk', () => {
    const out = join(dir, 'app.asar', 'out', 'main');
    mkdirSync(join(out, 'chunks'), { recursive: true });
    writeFileSync(join(out, 'transcript-worker.js'), '');
    const worker = pathToFileURL(join(out, 'transcript-worker.js')).href;
    expect(resolveWorkerUrl(pathToFileURL(join(out, 'index.js'))).href).toBe(worker);
    expect(resolveWorkerUrl(pathToFileURL(join(out, 'chunks', 'create-core-abc123.js'))).href).toBe(worker);
  });
});
