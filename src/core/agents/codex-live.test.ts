// When the real Codex CLI is installed (`npm i -g @openai/codex`), its catalog launch starts it in a PTY inside
// a temporary git worktree, against a loopback stand-in of the Responses API, and its status reaches the run
// through both of Codex's sources: the notify program (via our relay and bridge) and OSC 7501 in its output.
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PtyHost } from '../terminals/pty-host';
import { resolveExecutable } from '../terminals/resolve-executable';
import { within } from '../terminals/pty-test-support';
import { buildChildEnv } from './child-env';
import { buildCliLaunch, cliDefinition } from './cli-catalog';
import { detectCli } from './cli-detect';
import { HookBridge, type HookBridgeEvent, hookCommandPrefix, hookSocketPath, writeHookRelay } from './hook-bridge';
import type { RunStatus } from './status-machine';
import { RunStatusTracker } from './run-status-tracker';

/** npm -g puts bins next to the node running the tests, which need not be on PATH. */
const SEARCH_PATH = [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter);
const codexPath = await resolveExecutable('codex', SEARCH_PATH, '/').catch(() => null);

/** A minimal streaming Responses API: every request gets one assistant message, "All done.". */
function startResponsesStandIn(): Promise<{ url: string; prompts: string[]; close: () => Promise<void> }> {
  const prompts: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (!req.url?.endsWith('/responses')) {
        res.writeHead(404).end('{}');
        return;
      }
      prompts.push(body);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const send = (type: string, data: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
      send('response.created', { response: { id: 'resp_1' } });
      send('response.output_item.done', {
        output_index: 0,
        item: { type: 'message', role: 'assistant', id: 'msg_1', content: [{ type: 'output_text', text: 'All done.' }] },
      });
      send('response.completed', {
        response: {
          id: 'resp_1',
          usage: { input_tokens: 1, input_tokens_details: { cached_tokens: 0 }, output_tokens: 1, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 2 },
        },
      });
      res.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/v1`, prompts, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

describe.skipIf(!codexPath)('the real Codex CLI (skipped when `codex` is not installed: npm i -g @openai/codex)', () => {
  let root: string;
  let worktree: string;
  let host: PtyHost;
  let bridge: HookBridge;
  let api: Awaited<ReturnType<typeof startResponsesStandIn>>;

  beforeAll(async () => {
    root = await realpath(await mkdtemp(path.join(tmpdir(), 'switchyard-codex-')));
    worktree = path.join(root, 'worktree');
    await mkdir(worktree);
    await promisify(execFile)('git', ['init', '-q', worktree]);
    await mkdir(path.join(root, 'home'));
    host = new PtyHost({ stopGraceMs: 1_000 });
    bridge = new HookBridge({ socketPath: hookSocketPath(path.join(root, 'data')) });
    await bridge.listen();
    api = await startResponsesStandIn();
  });

  afterAll(async () => {
    await host?.disposeAll();
    await bridge?.close();
    await api?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('is detected with its version', async () => {
    const found = await detectCli(cliDefinition('codex'), { env: { PATH: SEARCH_PATH, HOME: path.join(root, 'home') }, force: true });
    expect(found).toMatchObject({ available: true, path: codexPath });
    expect(found.available && found.version).toMatch(/^\d+\.\d+/);
  });

  it('starts from its catalog launch in the worktree, submits the prompt, and reports done by notify and OSC 7501', async () => {
    const runId = 'run-codex-live';
    const prompt = 'Say "done" — and nothing else. 日本語 ✓';
    bridge.register(runId, { cli: 'codex', initialPrompt: prompt });
    const relay = await writeHookRelay(path.join(root, 'data'));
    const launch = buildCliLaunch(cliDefinition('codex'), {
      prompt,
      worktreePath: worktree,
      configDir: path.join(root, 'run-config'),
      hookCommand: hookCommandPrefix({ node: process.execPath, script: relay }, bridge.socketPath, runId),
      apiKey: { value: 'sk-test-not-a-real-key' },
      baseUrl: api.url,
      model: 'test-model',
    });
    expect(launch.args.at(-1)).toBe(prompt);

    const hookEvents: HookBridgeEvent[] = [];
    const statuses: RunStatus[] = [];
    const tracker = new RunStatusTracker({ quietMs: 0, onChange: (s) => statuses.push(s) });
    bridge.onEvent((e) => {
      if (e.runId !== runId) return;
      hookEvents.push(e);
      if (e.signal) tracker.signal(e.signal);
    });
    const env = buildChildEnv({ PATH: SEARCH_PATH, HOME: path.join(root, 'home'), LANG: 'C.UTF-8' }, launch.env);
    const session = await host.spawn({ file: launch.file, args: launch.args, cwd: worktree, env, cols: 120, rows: 40 });
    let output = '';
    session.onData((d) => {
      output += d;
      tracker.output(d);
    });
    const exited = new Promise<void>((resolve) => session.onExit((e) => (tracker.exit(e.exitCode, e.signal), resolve())));

    await within(
      new Promise<void>((resolve) => {
        const t = setInterval(() => {
          const oscDone = output.includes('\x1b]7501;state=done:app=codex');
          if (oscDone && hookEvents.some((e) => e.signal?.state === 'done') && tracker.status.kind === 'done') {
            clearInterval(t);
            resolve();
          }
        }, 50);
      }),
      60_000,
      `Codex reporting done by notify and OSC 7501 (output so far: ${JSON.stringify(output.slice(-400))})`,
    );
    // No trust dialog and no sign-in screen stood in the way, and the prompt arrived as one message.
    expect(output).not.toMatch(/Trust this folder|Sign in with ChatGPT/);
    expect(api.prompts.some((body) => body.includes(JSON.stringify(prompt).slice(1, -1)))).toBe(true);
    expect(hookEvents.find((e) => e.signal?.state === 'done')).toMatchObject({
      cli: 'codex',
      signal: { state: 'done', source: 'notify', detail: 'All done.' },
      sessionId: expect.any(String),
    });
    expect(statuses.map((s) => s.kind)).toContain('working');

    tracker.stopRequested();
    await session.stop();
    await within(exited, 15_000, 'Codex exit');
    expect(tracker.status.kind).toBe('interrupted');
    bridge.unregister(runId);
  }, 90_000);
});
