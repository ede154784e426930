// Finds and starts the transcript writer thread (transcript-worker.ts) and waits until its database
// connection is open. Used only by transcript-sink.ts.
//
// The script is looked up relative to this module's own URL, first hit wins:
//   ./transcript-worker.js   built output, when this code is bundled into out/main/index.js or server.js
//   ../transcript-worker.js  built output, when this code lands in a shared chunk (out/main/chunks/*.js)
//   ./transcript-worker.ts   the source (vitest, tsx): Node ≥ 22.18 strips its types natively
// The bundle gets the .js from the 'transcript-worker' input of electron.vite.config.ts. The .js files are
// tried first so that a build never runs the source, and the .ts is the fallback so sources need no build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import type { FromWorker, WorkerConfig } from './transcript-protocol';

/** Where the worker script may be, relative to this module, in the order tried (see the header). */
export const WORKER_CANDIDATES = ['./transcript-worker.js', '../transcript-worker.js', './transcript-worker.ts'];

/** The worker script's URL: the first of WORKER_CANDIDATES that exists relative to `from` (this module by default). */
export function resolveWorkerUrl(from: string | URL = import.meta.url): URL {
  for (const candidate of WORKER_CANDIDATES) {
    const url = new URL(candidate, from); // a variable, not a literal: bundlers must not rewrite this
    // A path, not the URL: in a packaged app this module is inside app.asar, and Electron's asar-aware fs
    // only looks inside the archive for string paths (a URL goes to the real disk, where it never exists).
    if (existsSync(fileURLToPath(url))) return url;
  }
  const dir = fileURLToPath(new URL('.', from));
  throw new AppError('INTERNAL', `The transcript writer script is missing: none of ${WORKER_CANDIDATES.join(', ')} exists in ${dir}.`);
}

/**
 * Starts the worker at `url` and resolves once it reported `ready` (its connection open and the schema
 * checked). Rejects with an AppError naming the script if it cannot load, throws while starting, or exits.
 */
export function startTranscriptWorker(url: URL, workerData: WorkerConfig): Promise<Worker> {
  const failed = (err: unknown) =>
    new AppError('INTERNAL', `Could not start the transcript writer (${fileURLToPath(url)}): ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  return new Promise<Worker>((resolve, reject) => {
    let w: Worker;
    try {
      w = new Worker(url, { workerData });
    } catch (err) {
      reject(failed(err));
      return;
    }
    const done = (err?: unknown) => {
      w.off('message', onMessage).off('error', done).off('exit', onExit);
      if (err === undefined) resolve(w);
      else reject(failed(err));
    };
    const onMessage = (m: FromWorker) => m.type === 'ready' && done();
    const onExit = (code: number) => done(new Error(`it exited with code ${code}`));
    w.on('message', onMessage).on('error', done).on('exit', onExit);
  });
}
