// A child process hosting a real core for the fault tests, so a test can SIGKILL "the app" (this
// process) mid-work and start a core on the same data folder afterwards. Started by host-process.ts
// as `node --import tsx core-host.ts '<json HostArgs>'` (one process: the tsx CLI would wrap it in
// another). It reports progress as JSON lines on stdout and then waits to be killed.
//
// Scenarios:
//   stream   a thread of `runs` counter agents; reports how many transcript characters each run has
//            committed (read on a separate read-only connection), every 100 ms.
//   orphans  one stubborn agent (ignores SIGHUP and SIGTERM) and one that starts a `setsid` sleeper.
//   merge    one short run that edits files, then merge.run; `faultAt` SIGKILLs this process there.
//   open     only opens the core (with `faultAt`, e.g. during a migration), then reports `ready`.
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../../../src/core/create-core';
import type { FaultPoint } from '../../../src/core/faults';
import { createClient, type RpcClient } from '../../../src/shared/rpc/client';
import { createMemoryTransportPair } from '../../../src/shared/rpc/memory-transport';

export interface HostArgs {
  scenario: 'stream' | 'orphans' | 'merge' | 'open';
  dataDir: string;
  repoPath?: string;
  runs?: number;
  delayMs?: number;
  faultAt?: FaultPoint;
}

export type HostEvent =
  | { event: 'ready' }
  | { event: 'thread'; threadId: string; runIds: string[] }
  | { event: 'running'; worktrees: Record<string, string> }
  | { event: 'flushed'; chars: Record<string, number> }
  | { event: 'merging'; runId: string; baseTip: string }
  | { event: 'fault'; point: FaultPoint };

const COUNTER = fileURLToPath(new URL('./counter-agent.mjs', import.meta.url));
const args = JSON.parse(process.argv[2] ?? '{}') as HostArgs;
const say = (e: HostEvent) => process.stdout.write(`${JSON.stringify(e)}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const core = await createCore({
  dataDir: args.dataDir,
  platform: { shell: 'headless' },
  version: '0.0.0-hardening',
  log: (message, err) => process.stderr.write(`[host] ${message} ${err ?? ''}\n`),
  onFault: (point) => {
    if (point !== args.faultAt) return;
    say({ event: 'fault', point });
    process.kill(process.pid, 'SIGKILL');
  },
});
const [a, b] = createMemoryTransportPair();
core.attach(a);
const client = createClient(b);
say({ event: 'ready' });

async function waitRuns(threadId: string, done: (status: string) => boolean) {
  for (;;) {
    const { runs } = await client.call('threads.get', { threadId: threadId as never });
    if (runs.every((r) => done(r.status))) return runs;
    await sleep(50);
  }
}

async function startThread(c: RpcClient, agents: Array<{ name: string; commandLine: string; count: number }>) {
  const repo = await c.call('repos.open', { path: args.repoPath ?? '' });
  const profiles = [];
  for (const agent of agents) profiles.push({ profileId: (await c.call('profiles.saveCommand', { name: agent.name, commandLine: agent.commandLine })).id, count: agent.count });
  const created = await c.call('threads.create', { repoId: repo.id, prompt: `hardening ${args.scenario}`, baseBranch: 'main', agents: profiles });
  say({ event: 'thread', threadId: created.thread.id, runIds: created.runs.map((r) => r.id) });
  return created;
}

const counter = (extra = '') => `${process.execPath} ${COUNTER} --delay ${args.delayMs ?? 20} ${extra}`.trim();

if (args.scenario === 'stream') {
  const created = await startThread(client, [{ name: 'counter', commandLine: counter(), count: args.runs ?? 3 }]);
  const runs = await waitRuns(created.thread.id, (s) => s !== 'starting');
  say({ event: 'running', worktrees: Object.fromEntries(runs.map((r) => [r.id, r.worktreePath])) });
  const reader = new Database(join(args.dataDir, 'switchyard.db'), { readonly: true, fileMustExist: true });
  const committed = reader.prepare<[string], { n: number }>('SELECT coalesce(sum(chars), 0) AS n FROM transcript_chunks WHERE run_id = ?');
  for (;;) {
    say({ event: 'flushed', chars: Object.fromEntries(runs.map((r) => [r.id, committed.get(r.id)?.n ?? 0])) });
    await sleep(100);
  }
} else if (args.scenario === 'orphans') {
  const created = await startThread(client, [
    { name: 'stubborn', commandLine: counter('--ignore-signals'), count: 1 },
    { name: 'setsid', commandLine: counter('--setsid'), count: 1 },
  ]);
  const runs = await waitRuns(created.thread.id, (s) => s !== 'starting');
  say({ event: 'running', worktrees: Object.fromEntries(runs.map((r) => [r.id, r.worktreePath])) });
} else if (args.scenario === 'merge') {
  const created = await startThread(client, [{ name: 'short', commandLine: counter('--max 3'), count: 1 }]);
  const [run] = await waitRuns(created.thread.id, (s) => s === 'exited' || s === 'failed');
  if (!run || run.status !== 'exited') throw new Error(`the run did not exit cleanly: ${JSON.stringify(run)}`);
  const { stdout } = await promisify(execFile)('git', ['rev-parse', 'refs/heads/main'], { cwd: args.repoPath ?? '' });
  say({ event: 'merging', runId: run.id, baseTip: stdout.trim() });
  await client.call('merge.run', { runId: run.id, mode: 'merge', message: 'Merge the hardening run' });
}
// Stay alive until the test kills this process.
setInterval(() => {}, 60_000);
