// How an agent's hook or notify program reports back to the core, and the core side that receives it.
//
// Transport: one Unix domain socket per app process, `<dataDir>/run/hooks-<pid>.sock` (directory 0700, socket
// 0600; a shorter fallback under the temp dir when that path would exceed the ~104-byte sun_path limit). The
// agent CLI runs our relay script (HOOK_RELAY_SOURCE, written once into the data dir) as its hook / notify
// command with argv `<socket> <runId> <cli> <mode> [event]`; the relay reads the payload (stdin for hooks, the
// last argv entry for Codex notify, nothing for Aider), connects, writes one JSON line, and exits 0 — silently,
// quickly, and whether or not the app is listening, so a hook can never block or break the agent.
// Why a socket and not a per-run file: events arrive at once (no polling or fs.watch quirks), nothing grows on
// disk, and a relay started after the app is gone just fails to connect. Why per process: the desktop app and
// the headless server may share a data dir; sockets of dead processes are removed on listen.
// The receiving side validates each message, drops unknown run ids, parses the payload into a StatusSignal
// (status-sources) and emits it with the agent's own session id when the payload carries one.
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import {
  CodexThreadGate,
  codexNotifyToSignal,
  hookPayloadToSignal,
  hookSessionId,
  parseCodexNotify,
  PrimarySessionGate,
  type StatusSignal,
} from './status-sources';

/** How the relay gets the payload: on stdin (hooks), as its last argv entry (Codex notify), or not at all. */
export type RelayMode = 'stdin' | 'argv' | 'none';

/** The relay program. CommonJS with no dependencies, so Node or Electron-as-Node runs it from any directory. */
export const HOOK_RELAY_SOURCE = `'use strict';
// Switchyard hook relay: forwards one agent hook / notify call to the Switchyard core over its Unix socket.
// argv: <socket> <runId> <cli> <mode: stdin|argv|none> [event] [payload (mode argv)]. Prints nothing; exits 0.
const net = require('node:net');
const MAX_PAYLOAD = 512 * 1024;
const [socketPath, runId, cli, mode, ...rest] = process.argv.slice(2);
const event = mode === 'argv' ? (rest.length > 1 ? rest[0] : null) : (rest[0] || null);
let socketDone = false;
let inputDone = mode !== 'stdin';
const maybeExit = () => { if (socketDone && inputDone) process.exit(0); };
setTimeout(() => process.exit(0), 3000).unref();
function send(text, truncated) {
  let payload = null;
  if (text) { try { payload = JSON.parse(text); } catch (e) { payload = null; } }
  const line = JSON.stringify({ v: 1, runId, cli, event, payload, truncated }) + '\\n';
  const socket = net.createConnection(socketPath);
  const finish = () => { socketDone = true; maybeExit(); };
  socket.on('error', finish);
  socket.on('close', finish);
  socket.end(line);
}
if (!socketPath || !runId || !cli || !mode) {
  process.exit(0);
} else if (mode === 'stdin' && !process.stdin.isTTY) {
  const chunks = [];
  let size = 0;
  let sent = false;
  const flush = (truncated) => { if (!sent) { sent = true; send(truncated ? '' : Buffer.concat(chunks).toString('utf8'), truncated); } };
  process.stdin.on('data', (chunk) => {
    if (sent) return;
    size += chunk.length;
    if (size > MAX_PAYLOAD) { chunks.length = 0; flush(true); } else chunks.push(chunk);
  });
  const end = () => { flush(false); inputDone = true; maybeExit(); };
  process.stdin.on('end', end);
  process.stdin.on('error', end);
  setTimeout(() => flush(false), 1500).unref();
} else {
  inputDone = true;
  send(mode === 'argv' ? rest[rest.length - 1] : null, false);
}
`;

/** File name of the relay inside the directory given to writeHookRelay. */
export const HOOK_RELAY_FILE = 'switchyard-hook-relay.cjs';

/** Writes the relay script (0600) into `dir` and returns its path. Idempotent. */
export async function writeHookRelay(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, HOOK_RELAY_FILE);
  await writeFile(file, HOOK_RELAY_SOURCE, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/** The interpreter that runs the relay: Node, or the Electron binary with ELECTRON_RUN_AS_NODE=1. */
export interface RelayProgram {
  /** Absolute path of node (or of the Electron executable). */
  node: string;
  /** Absolute path written by writeHookRelay. */
  script: string;
  /** True when `node` is Electron: the command then sets ELECTRON_RUN_AS_NODE=1 itself (via /usr/bin/env). */
  electronRunAsNode?: boolean;
}

/**
 * The argv prefix an agent runs to report on run `runId` (cli-catalog appends `<cli> <mode> [event]`). The
 * variable ELECTRON_RUN_AS_NODE is set only for the relay, never in the agent's own environment.
 */
export function hookCommandPrefix(program: RelayProgram, socketPath: string, runId: string): string[] {
  const head = program.electronRunAsNode ? ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', program.node] : [program.node];
  return [...head, program.script, socketPath, runId];
}

/** Longest socket path we use; sun_path is 104 bytes on macOS and 108 on Linux, including the NUL. */
const MAX_SOCKET_PATH_BYTES = 100;

/** The socket path for this process: under `<dataDir>/run`, or under the temp dir when that is too long. */
export function hookSocketPath(dataDir: string, pid: number = process.pid): string {
  const preferred = path.join(dataDir, 'run', `hooks-${pid}.sock`);
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH_BYTES) return preferred;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return path.join(tmpdir(), `switchyard-${uid}`, `hooks-${pid}.sock`);
}

const HookMessage = z.object({
  v: z.literal(1),
  runId: z.string().min(1).max(200),
  cli: z.string().min(1).max(40),
  event: z.string().max(200).nullable().optional(),
  payload: z.unknown(),
  truncated: z.boolean().optional(),
});

export interface HookRegistration {
  /** The catalog id of the CLI the run executes (picks the payload parser). */
  cli: string;
  /** The prompt the run started with; lets Codex's notify gate find the run's own thread. */
  initialPrompt?: string;
}

export interface HookBridgeEvent {
  runId: string;
  cli: string;
  /** The event name from the relay's argv (the hook it was registered for), if any. */
  event?: string;
  /** What the call says about the run; null when it says nothing about status (SessionStart, …). */
  signal: StatusSignal | null;
  /** The agent's own session / thread id, when the payload names one; use it to resume. */
  sessionId?: string;
  /** The payload was over the relay's size cap and was dropped; only the event name is known. */
  truncated: boolean;
}

export interface HookBridgeOptions {
  socketPath: string;
  /** Largest message accepted from one connection (default 1 MiB); larger ones are dropped. */
  maxMessageBytes?: number;
  log?: (message: string, err?: unknown) => void;
}

interface RunEntry {
  registration: HookRegistration;
  codexGate?: CodexThreadGate;
  sessionGate?: PrimarySessionGate;
}

/** Receives relay messages on the socket and emits them, parsed, for registered runs. */
export class HookBridge {
  readonly socketPath: string;
  readonly #maxBytes: number;
  readonly #log: (message: string, err?: unknown) => void;
  readonly #runs = new Map<string, RunEntry>();
  readonly #listeners = new Set<(event: HookBridgeEvent) => void>();
  #server: net.Server | null = null;

  constructor(options: HookBridgeOptions) {
    this.socketPath = options.socketPath;
    this.#maxBytes = options.maxMessageBytes ?? 1024 * 1024;
    this.#log = options.log ?? (() => {});
  }

  /** Creates the socket directory (0700), removes sockets left by dead processes, and listens (socket 0600). */
  async listen(): Promise<void> {
    if (this.#server) return;
    const dir = path.dirname(this.socketPath);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    await removeDeadSockets(dir);
    await rm(this.socketPath, { force: true });
    const server = net.createServer((socket) => this.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.#log('hook bridge socket error', err));
    await chmod(this.socketPath, 0o600);
    this.#server = server;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(this.socketPath, { force: true });
  }

  /** Starts accepting messages for `runId`. */
  register(runId: string, registration: HookRegistration): void {
    const entry: RunEntry = { registration };
    if (registration.cli === 'codex') entry.codexGate = new CodexThreadGate(registration.initialPrompt);
    if (registration.cli === 'opencode') entry.sessionGate = new PrimarySessionGate();
    this.#runs.set(runId, entry);
  }

  /** Stops accepting messages for `runId` (call when the run ends; late hooks are then dropped). */
  unregister(runId: string): void {
    this.#runs.delete(runId);
  }

  /** Subscribes to parsed events. Returns the unsubscribe function. */
  onEvent(listener: (event: HookBridgeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #accept(socket: net.Socket): void {
    let text = '';
    let bytes = 0;
    let handled = false;
    socket.setEncoding('utf8');
    socket.setTimeout(5000, () => socket.destroy());
    const handle = (): void => {
      if (handled) return;
      handled = true;
      const line = text.split('\n', 1)[0] ?? '';
      if (line) this.#handleLine(line);
    };
    socket.on('data', (chunk: string) => {
      bytes += Buffer.byteLength(chunk);
      if (bytes > this.#maxBytes) {
        handled = true;
        socket.destroy();
        return;
      }
      text += chunk;
      if (text.includes('\n')) {
        handle();
        socket.end();
      }
    });
    socket.on('end', handle);
    socket.on('error', () => socket.destroy());
  }

  #handleLine(line: string): void {
    let message: z.infer<typeof HookMessage>;
    try {
      message = HookMessage.parse(JSON.parse(line));
    } catch (err) {
      this.#log('hook bridge dropped a malformed message', err);
      return;
    }
    const entry = this.#runs.get(message.runId);
    if (!entry || entry.registration.cli !== message.cli) return; // unknown or finished run, or a confused relay
    const parsed = parseRelayMessage(entry, message.event ?? undefined, message.payload);
    if (parsed === 'drop') return;
    const event: HookBridgeEvent = {
      runId: message.runId,
      cli: message.cli,
      signal: parsed.signal,
      truncated: message.truncated ?? false,
      ...(message.event ? { event: message.event } : {}),
      ...(parsed.sessionId ? { sessionId: parsed.sessionId } : {}),
    };
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        this.#log('hook bridge listener failed', err);
      }
    }
  }
}

/** Aider runs its notifications command with no payload; our argv says which situation it means. */
export function aiderEventToSignal(event: string | undefined): StatusSignal | null {
  if (event === 'turn-done') return { state: 'done', source: 'notify', detail: 'Aider is waiting for your next message' };
  if (event === 'waiting') return { state: 'needs-input', source: 'notify', detail: 'Aider is waiting for you (a reply or a confirmation)' };
  return null;
}

function parseRelayMessage(
  entry: RunEntry,
  event: string | undefined,
  payload: unknown,
): { signal: StatusSignal | null; sessionId?: string } | 'drop' {
  const cli = entry.registration.cli;
  if (cli === 'codex') {
    const notification = parseCodexNotify(payload);
    if (!notification) return { signal: null };
    if (entry.codexGate && !entry.codexGate.accept(notification)) return 'drop';
    return { signal: codexNotifyToSignal(notification), sessionId: entry.codexGate?.threadId ?? notification.threadId };
  }
  if (cli === 'aider') return { signal: aiderEventToSignal(event) };
  const sessionId = hookSessionId(payload);
  if (entry.sessionGate && !entry.sessionGate.accept(sessionId)) return 'drop';
  return { signal: hookPayloadToSignal(event, payload), sessionId };
}

async function removeDeadSockets(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^hooks-(\d+)\.sock$/.exec(name);
    if (!match || Number(match[1]) === process.pid || isAlive(Number(match[1]))) continue;
    await rm(path.join(dir, name), { force: true }).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
