// Everything a bench creates that must not outlive it: temp folders, child processes, browsers.
// Benches register a teardown as soon as they create something; `cleanupAll` runs them newest first
// (also on Ctrl-C), so a failed or interrupted bench leaves no folder and no process behind.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Teardown = () => Promise<void> | void;
const teardowns: Teardown[] = [];

/** Registers `fn`; returns a function that runs it now (once) and unregisters it. */
export function onCleanup(fn: Teardown): () => Promise<void> {
  let done = false;
  const once: Teardown = async () => {
    if (done) return;
    done = true;
    await fn();
  };
  teardowns.push(once);
  return async () => {
    const i = teardowns.indexOf(once);
    if (i >= 0) teardowns.splice(i, 1);
    await once();
  };
}

/** A fresh temp folder, deleted by its returned `dispose` or by `cleanupAll`. */
export async function tempDir(label: string): Promise<{ path: string; dispose: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `switchyard-bench-${label}-`));
  const dispose = onCleanup(() => rm(path, { recursive: true, force: true }));
  return { path, dispose };
}

/** Runs every registered teardown, newest first; errors are printed, never thrown. */
export async function cleanupAll(): Promise<void> {
  while (teardowns.length > 0) {
    const fn = teardowns.pop() as Teardown;
    try {
      await fn();
    } catch (err) {
      console.error('cleanup failed:', err);
    }
  }
}

let signalsHooked = false;
/** On SIGINT/SIGTERM: clean up, then exit with the conventional status. */
export function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      void cleanupAll().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
}
hookSignals();
