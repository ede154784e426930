// The `switchyard` command line end to end, from source (node --import tsx src/cli/main.ts, no build):
// real processes on a temp data folder and a temp git repository, command profiles that edit files.
// Covers run (exit 0 / 1), list, diff, merge (landing on the base branch, then a conflict), usage
// errors (exit 2), and sharing the data folder: through a core running in this process, through
// another CLI process, Ctrl-C (130, runs interrupted), and taking over after a holder is SIGKILLed.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadWithRuns } from '../src/shared/contract';
import { FAKE_AGENT, startCore } from './helpers/core-harness';
import { makeTempRepo, runGit, type TempDir } from './helpers/git-fixtures';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const GREETER = fileURLToPath(new URL('./fixtures/greeter-agent.mjs', import.meta.url));
/** Generous: every command starts a Node process with tsx, on a loaded 2-core machine. */
const SLOW = 180_000;

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

describe('switchyard command line', () => {
  let dataDir: string;
  let repo: TempDir;

  /** Starts the CLI as one Node process (no tsx wrapper process, so signals reach it directly). */
  const start = (args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Result>; stdout: () => string } => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, SWITCHYARD_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<Result>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
    return { child, done, stdout: () => stdout };
  };
  const cli = (...args: string[]) => start(args).done;
  const listJson = async (): Promise<ThreadWithRuns[]> => {
    const r = await cli('list', '--all', '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as ThreadWithRuns[];
  };
  const threadOf = async (prompt: string) => {
    const found = (await listJson()).find((t) => t.thread.prompt === prompt);
    if (!found) throw new Error(`no thread "${prompt}"`);
    return found;
  };
  const waitFor = async (what: string, test: () => boolean, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchyard-cli-'));
    repo = await makeTempRepo({ files: { 'README.md': '# demo\n' } });
    // Command profiles, saved the way the app saves them; then the folder is free again.
    const h = await startCore({ dataDir });
    await h.client.call('profiles.saveCommand', { name: 'greet-one', commandLine: `node ${GREETER} 1` });
    await h.client.call('profiles.saveCommand', { name: 'greet-two', commandLine: `node ${GREETER} 2` });
    await h.client.call('profiles.saveCommand', { name: 'fails', commandLine: `node -e "process.exit(3)"` });
    await h.client.call('profiles.saveCommand', { name: 'holds', commandLine: `node ${FAKE_AGENT} --lines 1 --delay 1 --hold {prompt}` });
    await h.stop();
  }, SLOW);
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await repo.cleanup();
  });

  it('exits 2 with a clear sentence for usage errors', { timeout: SLOW }, async () => {
    const unknownCommand = await cli('frobnicate');
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('Unknown command "frobnicate"');

    const noAgents = await cli('run', '--repo', repo.path, 'do it');
    expect(noAgents.code).toBe(2);
    expect(noAgents.stderr).toContain('--agents');

    const unknownAgent = await cli('run', '--repo', repo.path, '--agents', 'nobody:2', 'do it');
    expect(unknownAgent.code).toBe(2);
    expect(unknownAgent.stderr).toContain('Unknown agent "nobody"');
    for (const name of ['codex', 'claude', 'shell', 'greet-one', 'fails']) expect(unknownAgent.stderr).toMatch(new RegExp(`^  ${name} `, 'm')); // lists what exists

    const badOption = await cli('diff', '--colour');
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('switchyard diff --help');
    expect((await listJson()).map((t) => t.thread.prompt)).not.toContain('do it'); // nothing was started
  });

  it('runs a thread: exit 0 when every run exits 0, exit 1 when one does not', { timeout: SLOW }, async () => {
    const ok = await cli('run', '--repo', repo.path, '--agents', 'greet-one:1,greet-two:1', 'Greet the world');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('2 runs: all 2 exited 0.');
    expect(ok.stdout).toMatch(/run 1 [0-9a-f]{12} \(greet-one\): exited 0/);

    const bad = await cli('run', '--repo', repo.path, '--agents', 'greet-one,fails', 'Half of it fails');
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stdout).toContain('1 exited 0, 1 did not');
    expect(bad.stdout).toMatch(/\(fails\): exited 3/);
  });

  it('lists threads with their runs, and prints a run\'s diff and its stat', { timeout: SLOW }, async () => {
    const { thread, runs } = await threadOf('Greet the world');
    const list = await cli('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`Thread ${thread.id}  Greet the world`);
    for (const run of runs) expect(list.stdout).toMatch(new RegExp(`${run.id}\\s+greet-\\w+\\s+exited 0\\s+${run.branch}\\s+\\+\\d+ -0`));

    const first = runs.find((r) => r.index === 1)!;
    const diff = await cli('diff', first.id.slice(0, 6));
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain('diff --git a/greeting.txt b/greeting.txt');
    expect(diff.stdout).toContain('+hello from variant 1');
    expect(diff.stdout).toContain('+++ b/ok.txt');

    const stat = await cli('diff', first.branch, '--stat');
    expect(stat.code).toBe(0);
    expect(stat.stdout).toMatch(/ greeting\.txt \| 1 \+/);
    expect(stat.stdout).toContain('2 files changed, 2 insertions(+)');
  });

  it('merges a run into its base branch, then reports the other one\'s conflict and exits 1', { timeout: SLOW }, async () => {
    const { runs } = await threadOf('Greet the world');
    const [one, two] = [...runs].sort((a, b) => a.index - b.index);
    const before = (await runGit(repo.path, ['rev-parse', 'main'])).trim();
    const merged = await cli('merge', one!.id);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('Merged run 1');
    expect(await runGit(repo.path, ['show', 'main:greeting.txt'])).toBe('hello from variant 1\n');
    expect((await runGit(repo.path, ['rev-list', '--parents', '-n', '1', 'main'])).trim().split(' ')).toHaveLength(3); // a merge commit
    expect(await runGit(repo.path, ['merge-base', '--is-ancestor', before, 'main'])).toBe('');

    const conflict = await cli('merge', two!.id);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('Conflicting files:');
    expect(conflict.stderr).toContain('greeting.txt');
    expect(await runGit(repo.path, ['show', 'main:greeting.txt'])).toBe('hello from variant 1\n'); // unchanged
  });

  it('goes through a core already running on the data folder; `serve` is refused with exit 3', { timeout: SLOW }, async () => {
    const h = await startCore({ dataDir });
    try {
      const list = await cli('list');
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain('Greet the world');

      const seen: string[] = [];
      h.client.on('threads.changed', (t) => seen.push(t.prompt));
      const run = await cli('run', '--repo', repo.path, '--agents', 'greet-two', 'Through the app');
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('through the Switchyard already running on this data folder');
      expect(seen).toContain('Through the app'); // the running core made it, and told its own windows

      const serve = await cli('serve', '--port', '0');
      expect(serve.code).toBe(3);
      expect(serve.stderr).toContain(`Another Switchyard process is using the data folder ${dataDir}`);
    } finally {
      await h.stop();
    }
  });

  it('lets a second command through while one holds the folder; Ctrl-C stops the runs and exits 130', { timeout: SLOW }, async () => {
    const holder = start(['run', '--repo', repo.path, '--agents', 'holds:2', 'Hold on']);
    await waitFor('both runs running', () => (holder.stdout().match(/: running/g) ?? []).length >= 2);

    const { runs } = await threadOf('Hold on'); // through the holder's control socket
    expect(runs.map((r) => r.status)).toEqual(['running', 'running']);

    holder.child.kill('SIGINT');
    const result = await holder.done;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain('Stopping 2 runs; worktrees and branches are kept.');
    const after = await threadOf('Hold on');
    expect(after.runs.map((r) => r.status)).toEqual(['interrupted', 'interrupted']);
    for (const run of after.runs) expect(existsSync(run.worktreePath)).toBe(true);
  });

  it('takes the folder over after a holder was killed with SIGKILL', { timeout: SLOW }, async () => {
    const holder = start(['run', '--repo', repo.path, '--agents', 'holds:1', 'Killed holder']);
    await waitFor('the run running', () => holder.stdout().includes(': running'));
    holder.child.kill('SIGKILL');
    expect((await holder.done).signal).toBe('SIGKILL');

    const { runs } = await threadOf('Killed holder');
    expect(runs.map((r) => r.status)).toEqual(['interrupted']); // marked by the process that took over
    expect(existsSync(runs[0]!.worktreePath)).toBe(true);
  });
});
