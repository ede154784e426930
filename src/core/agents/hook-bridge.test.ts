import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { within } from '../terminals/pty-test-support';
import { buildCliLaunch, cliDefinition } from './cli-catalog';
import { HookBridge, type HookBridgeEvent, hookCommandPrefix, hookSocketPath, writeHookRelay } from './hook-bridge';
import { CLAUDE, CODEX_NOTIFY_TITLE_THREAD, CODEX_NOTIFY_TURN, OPENCODE } from './hook-payload-fixtures';

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(file: string, args: string[], input?: string, env: NodeJS.ProcessEnv = process.env): Promise<ChildResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/**
 * A stand-in for Claude Code's hook runner: reads the `--settings` file it is given and, for each event named
 * on its command line, runs that event's hook commands through /bin/sh -c with the payload on stdin — what
 * Claude Code does (code.claude.com/docs/en/hooks: "command: the bash command to execute").
 */
const FAKE_CLAUDE = `
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const args = process.argv.slice(2);
const settings = JSON.parse(fs.readFileSync(args[args.indexOf('--settings') + 1], 'utf8'));
const calls = JSON.parse(process.env.FAKE_HOOK_CALLS);
for (const [event, payload] of calls) {
  for (const group of settings.hooks[event] || []) {
    for (const hook of group.hooks) execFileSync('/bin/sh', ['-c', hook.command], { input: JSON.stringify(payload), timeout: hook.timeout * 1000 });
  }
}
`;

describe('HookBridge with real relay processes', () => {
  let dir: string;
  let dataDir: string;
  let script: string;
  let bridge: HookBridge;
  let events: HookBridgeEvent[];
  let waiters: Array<() => void>;

  beforeEach(async () => {
    // A data dir with a space and a quote in its name, so the shell quoting of hook commands is exercised.
    dir = await mkdtemp(path.join(tmpdir(), 'sy hook '));
    dataDir = path.join(dir, "data dir's");
    script = await writeHookRelay(dataDir);
    bridge = new HookBridge({ socketPath: hookSocketPath(dataDir) });
    await bridge.listen();
    events = [];
    waiters = [];
    bridge.onEvent((e) => {
      events.push(e);
      for (const w of waiters) w();
    });
  });

  afterEach(async () => {
    await bridge.close();
    await rm(dir, { recursive: true, force: true });
  });

  const eventsReach = (n: number) =>
    within(
      new Promise<void>((resolve) => {
        const check = () => events.length >= n && resolve();
        waiters.push(check);
        check();
      }),
      10_000,
      `${n} hook events`,
    );

  it('listens on a 0600 socket in a 0700 directory', async () => {
    expect((await stat(bridge.socketPath)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(bridge.socketPath))).mode & 0o777).toBe(0o700);
  });

  it('receives Claude Code hook calls made through the settings file our launch writes', async () => {
    const runId = 'run-claude-1';
    bridge.register(runId, { cli: 'claude' });
    const configDir = path.join(dir, 'run config');
    const launch = buildCliLaunch(cliDefinition('claude'), {
      prompt: 'hello "world"',
      worktreePath: path.join(dir, 'wt'),
      configDir,
      hookCommand: hookCommandPrefix({ node: process.execPath, script }, bridge.socketPath, runId),
    });
    await mkdir(configDir, { recursive: true });
    for (const file of launch.files) await writeFile(file.path, file.content, { mode: file.mode });

    const calls = [
      ['SessionStart', CLAUDE.SessionStart],
      ['UserPromptSubmit', CLAUDE.UserPromptSubmit],
      ['PreToolUse', CLAUDE.PreToolUse],
      ['PermissionRequest', CLAUDE.PermissionRequest],
      ['Stop', CLAUDE.Stop],
    ];
    const result = await run(process.execPath, ['-e', FAKE_CLAUDE, '--', ...launch.args], '', { ...process.env, FAKE_HOOK_CALLS: JSON.stringify(calls) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    await eventsReach(4);
    // SessionStart has no PreToolUse-style entry in our settings (nothing to report), so four events arrive.
    expect(events.map((e) => [e.event, e.signal?.state])).toEqual([
      ['UserPromptSubmit', 'working'],
      ['PreToolUse', 'working'],
      ['PermissionRequest', 'needs-input'],
      ['Stop', 'done'],
    ]);
    expect(events.every((e) => e.runId === runId && e.sessionId === CLAUDE.Stop.session_id && !e.truncated)).toBe(true);
    expect(events[3]?.signal).toEqual({ state: 'done', source: 'hook', detail: 'All done.' });
  });

  it('prints nothing on stdout, so Claude never mistakes relay output for hook output', async () => {
    bridge.register('run-quiet', { cli: 'claude' });
    const prefix = hookCommandPrefix({ node: process.execPath, script }, bridge.socketPath, 'run-quiet');
    const result = await run(prefix[0] as string, [...prefix.slice(1), 'claude', 'stdin', 'Stop'], JSON.stringify(CLAUDE.Stop));
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    await eventsReach(1);
  });

  it('relays Codex notify payloads from argv and keeps to the prompt thread', async () => {
    bridge.register('run-codex', { cli: 'codex', initialPrompt: 'hello "world"' });
    const prefix = hookCommandPrefix({ node: process.execPath, script }, bridge.socketPath, 'run-codex');
    // Exactly what `-c notify=[…]` makes Codex run: our argv plus the JSON as one more entry.
    for (const payload of [CODEX_NOTIFY_TITLE_THREAD, CODEX_NOTIFY_TURN]) {
      const result = await run(prefix[0] as string, [...prefix.slice(1), 'codex', 'argv', payload]);
      expect(result.code).toBe(0);
    }
    await eventsReach(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(events).toEqual([
      {
        runId: 'run-codex',
        cli: 'codex',
        signal: { state: 'done', source: 'notify', detail: 'All done.' },
        sessionId: '01a1fd63-437d-7080-8b88-1aa574550a1b',
        truncated: false,
      },
    ]);
  });

  it('drops OpenCode events from child sessions', async () => {
    bridge.register('run-oc', { cli: 'opencode' });
    const prefix = hookCommandPrefix({ node: process.execPath, script }, bridge.socketPath, 'run-oc');
    for (const [event, payload] of [
      ['session.status', OPENCODE.busy],
      ['session.idle', OPENCODE.childIdle],
      ['session.idle', OPENCODE.idle],
    ] as const) {
      await run(prefix[0] as string, [...prefix.slice(1), 'opencode', 'stdin', event], JSON.stringify(payload));
    }
    await eventsReach(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(events.map((e) => [e.event, e.signal?.state, e.sessionId])).toEqual([
      ['session.status', 'working', 'ses_main'],
      ['session.idle', 'done', 'ses_main'],
    ]);
  });

  it('reports Aider notifications from the event in argv', async () => {
    bridge.register('run-aider', { cli: 'aider' });
    const prefix = hookCommandPrefix({ node: process.execPath, script }, bridge.socketPath, 'run-aider');
    await run(prefix[0] as string, [...prefix.slice(1), 'aider', 'none', 'turn-done']);
    await eventsReach(1);
    expect(events[0]?.signal?.state).toBe('done');
  });

  it('still reports an oversized payload by its event name, marked truncated', async () => {
    bridge.register('run-big', { cli: 'claude' });
    const prefix = hookCommandPrefix({ node: process.execPath, script }, bridge.socketPath, 'run-big');
    const big = JSON.stringify({ ...CLAUDE.PreToolUse, tool_input: { content: 'x'.repeat(900_000) } });
    const result = await run(prefix[0] as string, [...prefix.slice(1), 'claude', 'stdin', 'PreToolUse'], big);
    expect(result.code).toBe(0);
    await eventsReach(1);
    expect(events[0]).toMatchObject({ runId: 'run-big', event: 'PreToolUse', truncated: true, signal: { state: 'working' } });
  });

  it('drops messages for unknown or unregistered runs and for the wrong CLI', async () => {
    bridge.register('run-a', { cli: 'claude' });
    const relay = (runId: string, cli: string) => {
      const prefix = hookCommandPrefix({ node: process.execPath, script }, bridge.socketPath, runId);
      return run(prefix[0] as string, [...prefix.slice(1), cli, 'stdin', 'Stop'], JSON.stringify(CLAUDE.Stop));
    };
    await relay('run-unknown', 'claude');
    await relay('run-a', 'gemini');
    bridge.unregister('run-a');
    await relay('run-a', 'claude');
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toEqual([]);
  });

  it('exits 0 quickly and silently when the app is not listening', async () => {
    await bridge.close();
    const prefix = hookCommandPrefix({ node: process.execPath, script }, bridge.socketPath, 'run-x');
    const result = await run(prefix[0] as string, [...prefix.slice(1), 'claude', 'stdin', 'Stop'], JSON.stringify(CLAUDE.Stop));
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(result.ms).toBeLessThan(3_500);
  });

  it('ignores garbage on the socket', async () => {
    bridge.register('run-g', { cli: 'claude' });
    const net = await import('node:net');
    await new Promise<void>((resolve) => {
      const socket = net.createConnection(bridge.socketPath, () => socket.end('this is not json\n'));
      socket.on('close', () => resolve());
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toEqual([]);
  });
});

describe('hook socket housekeeping', () => {
  it('removes sockets left by dead processes and keeps a short path', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sy-sock-'));
    try {
      const runDir = path.join(dir, 'run');
      await mkdir(runDir, { recursive: true });
      const stale = path.join(runDir, 'hooks-999999999.sock');
      await writeFile(stale, '');
      const bridge = new HookBridge({ socketPath: hookSocketPath(dir) });
      await bridge.listen();
      await expect(stat(stale)).rejects.toMatchObject({ code: 'ENOENT' });
      await bridge.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const long = hookSocketPath(path.join('/home', 'x'.repeat(120)), 42);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(100);
    expect(long.endsWith('hooks-42.sock')).toBe(true);
  });

  it('writes the relay script the hook commands point at', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sy-relay-'));
    try {
      const file = await writeHookRelay(dir);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await readFile(file, 'utf8')).toContain('Switchyard hook relay');
      expect(hookCommandPrefix({ node: '/opt/App/electron', script: file, electronRunAsNode: true }, '/s.sock', 'r1')).toEqual([
        '/usr/bin/env',
        'ELECTRON_RUN_AS_NODE=1',
        '/opt/App/electron',
        file,
        '/s.sock',
        'r1',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
