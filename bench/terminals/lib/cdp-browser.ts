// A Chromium for the terminal benches driven over the bare DevTools protocol (one pipe, one page),
// instead of Playwright. Why not Playwright here: it enables the Network domain on every page, so
// Chromium copies the payload of every WebSocket frame into a `Network.webSocketFrameReceived` event,
// serializes it into the DevTools stream (renderer → browser process → pipe) and Playwright parses it
// again in our Node process. Under a 16-terminal flood that is a second full copy of the stream costing
// about a third of a core (browser process) plus a tenth (the bench's own process), on a 2-core machine:
// the benches then measured the debugger, not the app. No user's window has a debugger attached.
// Here only Runtime (evaluate), Performance (metrics), Emulation (viewport), HeapProfiler and Target
// are used; no domain that observes network traffic is ever enabled.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../../e2e/support/browser';
import { onCleanup, tempDir } from './cleanup';

/** Chromium flags: those of the e2e browser (e2e/support/browser.ts), plus headless mode, the pipe and quiet extras. */
const FLAGS = [
  '--headless',
  '--remote-debugging-pipe',
  ...CHROMIUM_FLAGS,
  '--no-default-browser-check',
  '--hide-scrollbars',
  '--mute-audio',
];

/** Longest one protocol command may take, in ms (an evaluate that waits for replays included). */
const COMMAND_TIMEOUT_MS = 60_000;

export interface CdpPage {
  /** Sends a protocol command to the page's session and resolves with its result. */
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Sends a protocol command to the browser itself (e.g. SystemInfo). */
  sendBrowser<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Evaluates `expression` in the page, awaiting a returned promise; resolves with its JSON value. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /** Uncaught exceptions seen in the page so far (messages). */
  readonly errors: string[];
  /** Calls `listener` with the params of every protocol event named `method` (e.g. Tracing.dataCollected). */
  onEvent(method: string, listener: (params: unknown) => void): void;
  close(): Promise<void>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** Launches Chromium, opens one page of `viewport` size on `url` and returns its protocol session. */
export async function openCdpPage(url: string, viewport: { width: number; height: number }): Promise<CdpPage> {
  const profile = await tempDir('chromium-profile');
  const child = spawn(CHROMIUM_PATH, [...FLAGS, `--user-data-dir=${profile.path}`, `--window-size=${viewport.width},${viewport.height}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  const stop = onCleanup(() => killChromium(child));
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, ((params: unknown) => void)[]>();
  const errors: string[] = [];
  let nextId = 1;
  let buffered = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffered.slice(0, end)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
        method?: string;
        params?: { exceptionDetails?: { text?: string; exception?: { description?: string } } };
      };
      buffered = buffered.slice(end + 1);
      if (message.id !== undefined) {
        const p = pending.get(message.id);
        if (!p) continue;
        pending.delete(message.id);
        clearTimeout(p.timer);
        if (message.error) p.reject(new Error(message.error.message));
        else p.resolve(message.result);
      } else if (message.method === 'Runtime.exceptionThrown') {
        const d = message.params?.exceptionDetails;
        errors.push(d?.exception?.description ?? d?.text ?? 'exception');
      } else if (message.method) {
        for (const l of listeners.get(message.method) ?? []) l(message.params);
      }
    }
  });
  child.once('exit', () => {
    for (const p of pending.values()) p.reject(new Error('Chromium exited'));
    pending.clear();
  });

  const command = <T>(sessionId: string | undefined, method: string, params: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method} timed out`));
      }, COMMAND_TIMEOUT_MS);
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });

  const { targetId } = await command<{ targetId: string }>(undefined, 'Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await command<{ sessionId: string }>(undefined, 'Target.attachToTarget', { targetId, flatten: true });
  const send = <T>(method: string, params?: Record<string, unknown>) => command<T>(sessionId, method, params);
  await send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false });
  // Runtime only for uncaught exceptions (Runtime.exceptionThrown); the page logs nothing.
  await send('Runtime.enable');
  await send('Page.navigate', { url });

  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = await send<{ result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value as T;
  };
  const sendBrowser = <T>(method: string, params?: Record<string, unknown>) => command<T>(undefined, method, params);
  const onEvent = (method: string, listener: (params: unknown) => void) => listeners.set(method, [...(listeners.get(method) ?? []), listener]);
  return { send, sendBrowser, evaluate, errors, onEvent, close: stop };
}

/** Asks Chromium to close, then kills it if it lingers. */
async function killChromium(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await gone;
  clearTimeout(timer);
}
