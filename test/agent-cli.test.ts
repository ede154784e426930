// Agent CLI profiles through the core, with a stand-in `codex` first on the agents' PATH: detection
// with its version, a launch through the catalog (prompt as one argument, in the run's worktree),
// and activity read from the terminal notifications it prints, cleared when it exits.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run, RunActivity } from '../src/shared/contract';
import { makeTempRepo } from './helpers/git-fixtures';
import { isFinished, startCore, waitForRuns, type CoreHarness } from './helpers/core-harness';
import { screenText } from './helpers/terminal-render';

const STAND_IN = `#!/usr/bin/env node
if (process.argv.includes('--version')) { console.log('codex-cli 9.9.9'); process.exit(0); }
if (process.argv.includes('resume')) {
  process.stdout.write('resumed the last session in ' + process.cwd() + '\\r\\n');
  setTimeout(() => process.exit(0), 200);
} else {
const prompt = process.argv[process.argv.length - 1];
process.stdout.write('stand-in codex in ' + process.cwd() + '\\r\\n');
process.stdout.write('task: ' + prompt + '\\r\\n');
process.stdout.write('keys: openai=' + Boolean(process.env.OPENAI_API_KEY) + ' aws=' + Boolean(process.env.AWS_SECRET_ACCESS_KEY) + ' github=' + Boolean(process.env.GITHUB_TOKEN) + '\\r\\n');
setTimeout(() => process.stdout.write('\\x1b]9;Approve running the tests?\\x07'), 200);
setTimeout(() => process.exit(0), 900);
}
`;

/** A stand-in Claude Code: runs the hook commands of the settings file it is given, with payloads on stdin. */
const FAKE_CLAUDE = `#!/usr/bin/env node
const { execFile } = require('node:child_process');
const fs = require('node:fs');
if (process.argv.includes('--version')) { console.log('2.1.329 (Claude Code)'); process.exit(0); }
const args = process.argv.slice(2);
const settings = JSON.parse(fs.readFileSync(args[args.indexOf('--settings') + 1], 'utf8'));
const session = args[args.indexOf('--session-id') + 1];
function fire(event, payload, then) {
  const hooks = (settings.hooks[event] || []).flatMap((g) => g.hooks);
  let left = hooks.length;
  if (left === 0) return then();
  for (const hook of hooks) {
    const child = execFile('/bin/sh', ['-c', hook.command], () => { if (--left === 0) then(); });
    child.stdin.end(JSON.stringify({ session_id: session, hook_event_name: event, ...payload }));
  }
}
process.stdout.write('stand-in claude\\r\\n');
fire('UserPromptSubmit', { prompt: 'x' }, () =>
  fire('Notification', { message: 'Claude needs your permission to use Bash', notification_type: 'permission_prompt' }, () =>
    setTimeout(() => fire('Stop', { stop_hook_active: false }, () => setTimeout(() => process.exit(0), 300)), 300)));
`;

describe('agent CLI profiles', () => {
  let h: CoreHarness;
  let bin: string;
  let repo: { path: string; cleanup(): Promise<void> };

  beforeAll(async () => {
    bin = await mkdtemp(join(tmpdir(), 'switchyard-bin-'));
    await writeFile(join(bin, 'codex'), STAND_IN);
    await chmod(join(bin, 'codex'), 0o755);
    await writeFile(join(bin, 'claude'), FAKE_CLAUDE);
    await chmod(join(bin, 'claude'), 0o755);
    h = await startCore({
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, OPENAI_API_KEY: 'sk-for-codex', AWS_SECRET_ACCESS_KEY: 'aws-secret', GITHUB_TOKEN: 'gh-token' },
    });
    repo = await makeTempRepo({ files: { 'README.md': '# cli\n' } });
  });
  afterAll(async () => {
    await h.cleanup();
    await repo.cleanup();
    await rm(bin, { recursive: true, force: true });
  });

  it('lists every agent CLI as a profile and tells which are installed, with how to install the rest', async () => {
    const profiles = await h.client.call('profiles.list', {});
    expect(profiles.filter((p) => p.kind === 'cli').map((p) => p.cliId)).toEqual(['codex', 'claude', 'gemini', 'opencode', 'aider', 'copilot', 'qwen']);
    const detected = await h.client.call('profiles.detectClis', { force: true });
    expect(detected.find((c) => c.id === 'codex')).toMatchObject({ available: true, version: '9.9.9', path: join(bin, 'codex'), problem: null });
    for (const missing of detected.filter((c) => !c.available)) {
      expect(missing.problem).toBeTruthy();
      expect(missing.installHint).toBeTruthy();
    }
  });

  it('starts the CLI in the run\'s worktree with the prompt as one argument and follows its notifications', async () => {
    const repoRow = await h.client.call('repos.open', { path: repo.path });
    const seen: Array<RunActivity | null> = [];
    h.client.on('runs.changed', (run: Run) => seen.push(run.activity));
    const prompt = `Fix "it" — all of it; $(echo no)`;
    const created = await h.client.call('threads.create', { repoId: repoRow.id, prompt, baseBranch: 'main', agents: [{ profileId: 'codex', count: 1 }] });
    const [run] = await waitForRuns(h.client, created.thread.id, isFinished, 20_000);
    expect(run).toMatchObject({ status: 'exited', exitCode: 0, activity: null });
    expect(seen).toContainEqual(expect.objectContaining({ state: 'needs-input', source: 'osc', guess: false, detail: 'Approve running the tests?' }));
    const screen = await screenText(h.client, run!.id);
    expect(screen).toContain(`stand-in codex in ${run!.worktreePath}`);
    expect(screen).toContain(`task: ${prompt}`);
    expect(screen).toContain('keys: openai=true aws=false github=false'); // its own key only

    const resumed = await h.client.call('runs.resume', { runId: run!.id });
    expect(resumed.status).toBe('starting');
    const [after] = await waitForRuns(h.client, created.thread.id, (r) => isFinished(r) && r.startedAt !== null, 20_000);
    expect(after).toMatchObject({ status: 'exited', exitCode: 0, worktreePath: run!.worktreePath });
    const resumedScreen = await screenText(h.client, run!.id);
    expect(resumedScreen).toContain(`task: ${prompt}`); // the earlier screen is kept
    expect(resumedScreen).toContain(`resumed the last session in ${run!.worktreePath}`);
  });

  it('follows a CLI through its own hooks: working, then needs input, then done', async () => {
    const repoRow = await h.client.call('repos.open', { path: repo.path });
    const seen: Array<RunActivity | null> = [];
    h.client.on('runs.changed', (run: Run) => seen.push(run.activity));
    const created = await h.client.call('threads.create', { repoId: repoRow.id, prompt: 'hooked', baseBranch: 'main', agents: [{ profileId: 'claude', count: 1 }] });
    const [run] = await waitForRuns(h.client, created.thread.id, isFinished, 20_000);
    expect(run).toMatchObject({ status: 'exited', exitCode: 0, activity: null });
    const states = seen.filter((a): a is RunActivity => a !== null).map((a) => `${a.state}/${a.source}`);
    expect(states).toEqual(expect.arrayContaining(['working/hook', 'needs-input/hook', 'done/hook']));
    expect(states.indexOf('needs-input/hook')).toBeLessThan(states.lastIndexOf('done/hook'));
  });
});
