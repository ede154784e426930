// The worktree tools called directly (no model): each tool's job, its caps and refusals, the command limits
// (time limit, process-group kill, leftovers), approval, and the child environment without secrets.
import { randomUUID } from 'node:crypto';
import { readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../../../test/helpers/git-fixtures';
import { eventually, makeTestWorktree, processesWith, type TestWorktree } from '../loop-test-support';
import type { ToolContext, ToolOutcome } from '../loop-types';
import { createWorktreeToolHost, type WorktreeToolHost, type WorktreeToolHostOptions } from './tool-host';

const SECRET = `sk-test-${randomUUID()}`;
let wt: TestWorktree;
let outside: TempDir;

beforeEach(async () => {
  wt = await makeTestWorktree();
  outside = await makeTempDir('switchyard-outside-');
});

afterEach(async () => {
  await wt.cleanup();
  await outside.cleanup();
});

function host(extra: Partial<WorktreeToolHostOptions> = {}): Promise<WorktreeToolHost> {
  return createWorktreeToolHost({
    worktree: wt.worktree,
    baseEnv: { ...process.env, OPENAI_API_KEY: SECRET, SWITCHYARD_MODEL_KEY: SECRET },
    approval: 'auto',
    sandbox: null,
    killGraceMs: 300,
    ...extra,
  });
}

async function call(h: WorktreeToolHost, name: string, args: unknown, ctx: Partial<ToolContext> = {}): Promise<ToolOutcome & { live: string }> {
  let live = '';
  const outcome = await h.execute(
    { callId: randomUUID(), name, arguments: typeof args === 'string' ? args : JSON.stringify(args) },
    { signal: ctx.signal ?? new AbortController().signal, output: (t) => (live += t) },
  );
  return { ...outcome, live };
}

describe('file tools', () => {
  it('writes, reads (with paging), lists (no .git) and searches', async () => {
    const h = await host();
    expect(await call(h, 'write_file', { path: 'pkg/new.txt', content: 'alpha\nbeta\n' })).toMatchObject({ isError: false, output: expect.stringContaining('Created pkg/new.txt') });
    expect(await readFile(path.join(wt.worktree, 'pkg/new.txt'), 'utf8')).toBe('alpha\nbeta\n');
    expect(await call(h, 'read_file', { path: 'pkg/new.txt' })).toMatchObject({ isError: false, output: 'alpha\nbeta' });
    expect((await call(h, 'read_file', { path: 'src/app.txt', start_line: 2 })).output).toBe('[lines 2–3 of 3]\ntwo\nthree');
    const list = await call(h, 'list_files', {});
    expect(list.output.split('\n')).toEqual(['README.md', 'pkg/', 'src/', 'pkg/new.txt', 'src/app.txt']);
    const found = await call(h, 'search_files', { pattern: 'beta' });
    expect(found).toMatchObject({ isError: false, output: 'pkg/new.txt:2:beta' });
    expect((await call(h, 'search_files', { pattern: 't[wh]', regex: true, path: 'src' })).output).toBe('src/app.txt:2:two\nsrc/app.txt:3:three');
    expect((await call(h, 'search_files', { pattern: 'nowhere-to-be-found' })).output).toBe('No matches.');
  });

  it('refuses binary files, folders and bad arguments with a sentence', async () => {
    const h = await host();
    await writeFile(path.join(wt.worktree, 'bin.dat'), Buffer.from([1, 0, 2, 3]));
    expect((await call(h, 'read_file', { path: 'bin.dat' })).output).toMatch(/binary/);
    expect((await call(h, 'read_file', { path: 'src' })).output).toMatch(/folder/);
    expect(await call(h, 'read_file', '{not json')).toMatchObject({ isError: true, output: expect.stringMatching(/not valid JSON/) });
    expect(await call(h, 'read_file', { path: 3 })).toMatchObject({ isError: true, output: expect.stringMatching(/Invalid arguments for read_file: path/) });
    expect(await call(h, 'launch_rockets', {})).toMatchObject({ isError: true, output: expect.stringMatching(/no tool named/) });
  });

  it('refuses every path outside the worktree or in .git, and changes nothing there', async () => {
    const h = await host();
    await writeFile(path.join(outside.path, 'keep.txt'), 'original');
    await symlink(outside.path, path.join(wt.worktree, 'out'));
    const attempts: Array<[string, unknown]> = [
      ['write_file', { path: '../escape.txt', content: 'x' }],
      ['write_file', { path: path.join(outside.path, 'keep.txt'), content: 'x' }],
      ['write_file', { path: 'out/keep.txt', content: 'x' }],
      ['write_file', { path: 'out/new.txt', content: 'x' }],
      ['write_file', { path: '.git', content: 'gitdir: /tmp/evil' }],
      ['read_file', { path: '.git' }],
      ['read_file', { path: 'out/keep.txt' }],
      ['list_files', { path: '..' }],
      ['search_files', { pattern: 'original', path: 'out' }],
      ['apply_patch', { patch: '--- a/../escape.txt\n+++ b/../escape.txt\n@@ -0,0 +1 @@\n+x\n' }],
      ['apply_patch', { patch: '--- /dev/null\n+++ b/.git/hooks/post-checkout\n@@ -0,0 +1 @@\n+evil\n' }],
    ];
    for (const [name, args] of attempts) {
      const r = await call(h, name, args);
      expect(r.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(r.output).toMatch(/outside the worktree|\.git|symbolic link/);
    }
    expect(await readFile(path.join(outside.path, 'keep.txt'), 'utf8')).toBe('original');
    await expect(stat(path.join(outside.path, 'new.txt'))).rejects.toThrow();
    await expect(stat(path.join(path.dirname(wt.worktree), 'escape.txt'))).rejects.toThrow();
    expect(await readFile(path.join(wt.worktree, '.git'), 'utf8')).toMatch(/^gitdir: /);
  });
});

describe('apply_patch', () => {
  it('applies a git-style diff, a -p0 diff and a fenced one; a failing hunk changes nothing', async () => {
    const h = await host();
    const gitStyle = 'diff --git a/src/app.txt b/src/app.txt\n--- a/src/app.txt\n+++ b/src/app.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n';
    expect(await call(h, 'apply_patch', { patch: gitStyle })).toMatchObject({ isError: false, output: expect.stringContaining('Applied the patch to src/app.txt') });
    const plain = '```diff\n--- README.md\n+++ README.md\n@@ -1 +1 @@\n-# test repository\n+# patched\n```';
    expect(await call(h, 'apply_patch', { patch: plain })).toMatchObject({ isError: false });
    expect(await readFile(path.join(wt.worktree, 'README.md'), 'utf8')).toBe('# patched\n');
    const bad = '--- a/src/app.txt\n+++ b/src/app.txt\n@@ -1,3 +1,3 @@\n one\n-zwei\n+ZWEI\n three\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-# patched\n+# again\n';
    const failed = await call(h, 'apply_patch', { patch: bad });
    expect(failed).toMatchObject({ isError: true, output: expect.stringMatching(/did not apply, so nothing was changed/) });
    expect(await readFile(path.join(wt.worktree, 'README.md'), 'utf8')).toBe('# patched\n');
    expect(await readFile(path.join(wt.worktree, 'src/app.txt'), 'utf8')).toBe('one\nTWO\nthree\n');
  });
});

describe('run_command', () => {
  it('runs a shell line and an argv in the worktree, shows output live, and reports the exit code', async () => {
    const h = await host();
    const r = await call(h, 'run_command', { command: 'pwd; echo out; echo err >&2; exit 3' });
    expect(r).toMatchObject({ isError: true, summary: expect.stringMatching(/^exit 3 · /) });
    expect(r.output).toContain(await import('node:fs/promises').then((fs) => fs.realpath(wt.worktree)));
    expect(r.live).toContain('out');
    expect(r.live).toContain('err');
    expect(await call(h, 'run_command', { argv: ['printf', '%s', 'a b'] })).toMatchObject({ isError: false, output: expect.stringContaining('a b') });
    expect(await call(h, 'run_command', { command: 'x', argv: ['y'] })).toMatchObject({ isError: true, output: expect.stringMatching(/either/) });
  });

  it('keeps the start and the end of a flood of output for the model', async () => {
    const h = await host();
    const r = await call(h, 'run_command', { command: 'echo FIRST; seq 1 200000; echo LAST' });
    expect(r.output).toContain('FIRST');
    expect(r.output).toContain('LAST');
    expect(r.output).toMatch(/characters omitted/);
    expect(r.output.length).toBeLessThan(17_000);
  });

  it('stops a hanging command at its time limit with its whole process group, even one that ignores SIGTERM', async () => {
    const h = await host();
    const marker = `${3000 + Math.floor(Math.random() * 1000)}.123`;
    const started = Date.now();
    const r = await call(h, 'run_command', { command: `trap '' TERM; sleep ${marker} & sleep ${marker}; wait`, timeout_ms: 300 });
    expect(r).toMatchObject({ isError: true, output: expect.stringMatching(/time limit of 0.3 s/) });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await eventually(async () => (await processesWith(`sleep ${marker}`)).length === 0)).toBe(true);
  });

  it('stops background processes a command leaves behind when it exits', async () => {
    const h = await host();
    const marker = `${4000 + Math.floor(Math.random() * 1000)}.5`;
    const r = await call(h, 'run_command', { command: `sleep ${marker} > /dev/null 2>&1 & echo started` });
    expect(r).toMatchObject({ isError: false, output: expect.stringContaining('started') });
    expect(await eventually(async () => (await processesWith(`sleep ${marker}`)).length === 0)).toBe(true);
  });

  it('cancel stops the running command', async () => {
    const h = await host();
    const marker = `${5000 + Math.floor(Math.random() * 1000)}.25`;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const r = await call(h, 'run_command', { command: `sleep ${marker}` }, { signal: controller.signal });
    expect(r).toMatchObject({ cancelled: true, isError: true });
    expect(await eventually(async () => (await processesWith(`sleep ${marker}`)).length === 0)).toBe(true);
  });

  it('never passes the API key (or any secret-looking variable) to a command', async () => {
    const h = await host({ runEnv: { SWITCHYARD_RUN_ID: 'run-1' } });
    const r = await call(h, 'run_command', { command: 'env' });
    expect(r.output).toContain('SWITCHYARD_RUN_ID=run-1');
    expect(r.output).toContain('PATH=');
    expect(r.output).not.toContain(SECRET);
    expect(r.output).not.toContain('OPENAI_API_KEY');
    expect(Object.values(h.childEnv)).not.toContain(SECRET);
    await expect(host({ runEnv: { OPENAI_API_KEY: SECRET } })).rejects.toThrow(/looks like a secret/);
  });

  it("in 'ask' mode waits for approval: a denial or a failing approval UI runs nothing", async () => {
    const asked: string[] = [];
    const deny = await host({ approval: 'ask', approve: async (req) => (asked.push(req.command), false) });
    const r = await call(deny, 'run_command', { command: 'touch ran.txt' });
    expect(r).toMatchObject({ isError: true, output: expect.stringMatching(/declined/) });
    expect(asked).toEqual(['touch ran.txt']);
    const broken = await host({ approval: 'ask', approve: () => Promise.reject(new Error('window closed')) });
    expect((await call(broken, 'run_command', { argv: ['touch', 'ran.txt'] })).output).toMatch(/declined/);
    await expect(stat(path.join(wt.worktree, 'ran.txt'))).rejects.toThrow();
    const allow = await host({ approval: 'ask', approve: async () => true });
    expect(await call(allow, 'run_command', { command: 'touch ran.txt' })).toMatchObject({ isError: false });
    await stat(path.join(wt.worktree, 'ran.txt'));
    await expect(host({ approval: 'ask' })).rejects.toThrow(/approve callback/);
  });

  it('a cancel while waiting for approval ends the wait at once', async () => {
    const controller = new AbortController();
    const h = await host({ approval: 'ask', approve: () => new Promise<boolean>(() => undefined) });
    setTimeout(() => controller.abort(), 100);
    expect(await call(h, 'run_command', { command: 'true' }, { signal: controller.signal })).toMatchObject({ cancelled: true });
  });
});
