// When Claude Code is installed (`npm i -g @anthropic-ai/claude-code`), its catalog launch starts it in a PTY in
// a temporary worktree against a loopback stand-in of the Messages API; our --settings hooks and its OSC 7501
// reports (after we answer its query) reach the run. The temporary HOME is seeded the way Claude Code itself
// records a finished onboarding and an accepted folder trust, because those two dialogs are not ours to answer.
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PtyHost } from '../terminals/pty-host';
import { resolveExecutable } from '../terminals/resolve-executable';
import { within } from '../terminals/pty-test-support';
import { buildChildEnv } from './child-env';
import { buildCliLaunch, cliDefinition } from './cli-catalog';
import { HookBridge, type HookBridgeEvent, hookCommandPrefix, hookSocketPath, writeHookRelay } from './hook-bridge';
import type { RunStatus } from './status-machine';
import { RunStatusTracker } from './run-status-tracker';

const SEARCH_PATH = [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter);
const claudePath = await resolveExecutable('claude', SEARCH_PATH, '/').catch(() => null);

function startMessagesStandIn(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      let parsed: { stream?: boolean; model?: string } = {};
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        // not JSON: answered below as a plain message
      }
      if (!req.url?.startsWith('/v1/messages') || req.url.startsWith('/v1/messages/count_tokens')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: 1 }));
        return;
      }
      const usage = { input_tokens: 1, output_tokens: 1 };
      if (!parsed.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: parsed.model, content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', stop_sequence: null, usage }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const send = (type: string, data: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
      send('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', model: parsed.model, content: [], stop_reason: null, stop_sequence: null, usage } });
      send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'All done.' } });
      send('content_block_stop', { index: 0 });
      send('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 3 } });
      send('message_stop', {});
      res.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

describe.skipIf(!claudePath)('the real Claude Code (skipped when `claude` is not installed: npm i -g @anthropic-ai/claude-code)', () => {
  let root: string;
  let worktree: string;
  let home: string;
  let host: PtyHost;
  let bridge: HookBridge;
  let api: Awaited<ReturnType<typeof startMessagesStandIn>>;

  beforeAll(async () => {
    root = await realpath(await mkdtemp(path.join(tmpdir(), 'switchyard-claude-')));
    worktree = path.join(root, 'worktree');
    home = path.join(root, 'home');
    await mkdir(worktree);
    await mkdir(home);
    await promisify(execFile)('git', ['init', '-q', worktree]);
    await writeFile(path.join(home, '.claude.json'), JSON.stringify({ hasCompletedOnboarding: true, projects: { [worktree]: { hasTrustDialogAccepted: true } } }));
    host = new PtyHost({ stopGraceMs: 1_000 });
    bridge = new HookBridge({ socketPath: hookSocketPath(path.join(root, 'data')) });
    await bridge.listen();
    api = await startMessagesStandIn();
  });

  afterAll(async () => {
    await host?.disposeAll();
    await bridge?.close();
    await api?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('starts with our settings, runs our hooks, reports OSC 7501 once asked, and ends done', async () => {
    const runId = 'run-claude-live';
    bridge.register(runId, { cli: 'claude' });
    const relay = await writeHookRelay(path.join(root, 'data'));
    const configDir = path.join(root, 'run-config');
    const launch = buildCliLaunch(cliDefinition('claude'), {
      prompt: 'Say "done".',
      worktreePath: worktree,
      configDir,
      hookCommand: hookCommandPrefix({ node: process.execPath, script: relay }, bridge.socketPath, runId),
      apiKey: { value: 'sk-ant-test-not-real' },
      baseUrl: api.url,
    });
    await mkdir(configDir, { recursive: true, mode: 0o700 });
    for (const file of launch.files) await writeFile(file.path, file.content, { mode: file.mode });

    const hookEvents: HookBridgeEvent[] = [];
    const statuses: RunStatus[] = [];
    let write: (data: string) => void = () => {};
    const tracker = new RunStatusTracker({ quietMs: 0, answerProgramStatusQuery: launch.answerProgramStatusQuery, write: (d) => write(d), onChange: (s) => statuses.push(s) });
    bridge.onEvent((e) => {
      if (e.runId !== runId) return;
      hookEvents.push(e);
      if (e.signal) tracker.signal(e.signal);
    });
    const env = buildChildEnv(
      { PATH: SEARCH_PATH, HOME: home, LANG: 'C.UTF-8' },
      { ...launch.env, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' },
    );
    const session = await host.spawn({ file: launch.file, args: launch.args, cwd: worktree, env, cols: 120, rows: 40 });
    write = (d) => session.write(d);
    let output = '';
    session.onData((d) => {
      output += d;
      tracker.output(d);
    });
    const exited = new Promise<void>((resolve) => session.onExit((e) => (tracker.exit(e.exitCode, e.signal), resolve())));

    await within(
      new Promise<void>((resolve) => {
        const t = setInterval(() => {
          const stop = hookEvents.some((e) => e.event === 'Stop');
          if (stop && output.includes('7501;state=done:app=claude-code') && tracker.status.kind === 'done') {
            clearInterval(t);
            resolve();
          }
        }, 50);
      }),
      60_000,
      `Claude Code reporting done (output so far: ${JSON.stringify(output.slice(-600))})`,
    );
    expect(output).not.toMatch(/Detected a custom API key/);
    expect(hookEvents.map((e) => e.event)).toEqual(expect.arrayContaining(['UserPromptSubmit', 'Stop']));
    expect(hookEvents.every((e) => e.sessionId === launch.sessionId)).toBe(true);
    expect(hookEvents.find((e) => e.event === 'Stop')?.signal).toEqual({ state: 'done', source: 'hook', detail: 'All done.' });
    expect(statuses.map((s) => s.kind)).toContain('working');

    tracker.stopRequested();
    await session.stop();
    await within(exited, 15_000, 'Claude Code exit');
    expect(tracker.status.kind).toBe('interrupted');
    bridge.unregister(runId);
  }, 90_000);
});
