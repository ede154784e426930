// Bubblewrap as the built-in agent uses it, with real bwrap: the worktree is writable and nothing else is, .git
// stays read-only (linked worktree and main checkout), secret folders are empty, the network is off unless allowed,
// and a stopped command leaves no process behind. Skipped (with the reason) where bwrap cannot run.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, makeTestWorktree, processesWith, type TestWorktree } from './loop-test-support';
import type { ToolOutcome } from './loop-types';
import { buildSandboxArgv, detectSandbox, gitPathsOf, type SandboxPolicy, type SandboxStatus } from './sandbox';
import { createWorktreeToolHost } from './tools/tool-host';

/** Outside /tmp on purpose: the sandbox's private /tmp would hide a /tmp folder anyway and prove nothing. */
const SCRATCH_PARENT = '/var/tmp';

let status: SandboxStatus;
beforeAll(async () => {
  status = await detectSandbox();
});

describe('detectSandbox', () => {
  it('explains in words when bwrap is missing or the platform has none', async () => {
    const missing = await detectSandbox({ bwrapPath: '/nonexistent/bwrap' });
    expect(missing).toMatchObject({ available: false, reason: expect.stringMatching(/not installed.*bubblewrap/) });
    const mac = await detectSandbox({ platform: 'darwin' });
    expect(mac).toMatchObject({ available: false, reason: expect.stringMatching(/only on Linux/) });
  });

  it('reports this machine', () => {
    // Informative either way; the tests below need it available.
    expect(status.available || typeof status.reason === 'string').toBe(true);
  });
});

describe.runIf(process.platform === 'linux')('sandboxed run_command', () => {
  let wt: TestWorktree;
  let scratch: string;
  let home: string;
  let policy: SandboxPolicy;
  let listener: Server;
  let port = 0;

  beforeAll(async () => {
    listener = createServer((socket) => socket.end('hello\n'));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  });

  beforeEach(async (ctx) => {
    if (!status.available) ctx.skip();
    wt = await makeTestWorktree();
    scratch = await mkdtemp(path.join(SCRATCH_PARENT, 'switchyard-sandbox-'));
    home = path.join(scratch, 'home');
    await mkdir(path.join(home, '.ssh'), { recursive: true });
    await writeFile(path.join(home, '.ssh', 'id_ed25519'), 'PRIVATE KEY MATERIAL');
    await writeFile(path.join(home, '.netrc'), 'machine example.com password hunter2');
    await writeFile(path.join(home, 'visible.txt'), 'visible');
    await writeFile(path.join(scratch, 'outside.txt'), 'original');
    policy = { bwrapPath: 'bwrap', network: false, homeDir: home };
  });

  afterEach(async () => {
    await wt?.cleanup();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  async function run(command: string, opts: { worktree?: string; network?: boolean; timeoutMs?: number } = {}): Promise<ToolOutcome> {
    const h = await createWorktreeToolHost({
      worktree: opts.worktree ?? wt.worktree,
      baseEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
      approval: 'auto',
      sandbox: { ...policy, network: opts.network ?? false },
      killGraceMs: 300,
    });
    const args = { command, ...(opts.timeoutMs ? { timeout_ms: opts.timeoutMs } : {}) };
    return h.execute({ callId: 'c', name: 'run_command', arguments: JSON.stringify(args) }, { signal: new AbortController().signal, output: () => undefined });
  }

  it('can write inside the worktree, and read-only git works there', async () => {
    const r = await run('echo made > made.txt && mkdir -p d && echo x > d/y && git status --porcelain');
    expect(r).toMatchObject({ isError: false });
    expect(r.output).toContain('?? d/');
    expect(await readFile(path.join(wt.worktree, 'made.txt'), 'utf8')).toBe('made\n');
  });

  it('cannot write outside the worktree', async () => {
    const r = await run(`echo changed > ${path.join(scratch, 'outside.txt')}; echo new > ${path.join(scratch, 'new.txt')}; touch ${path.join(wt.repo, 'README.md')}; touch /usr/switchyard-probe`);
    expect(r.output).toMatch(/Read-only file system/);
    expect(await readFile(path.join(scratch, 'outside.txt'), 'utf8')).toBe('original');
    await expect(stat(path.join(scratch, 'new.txt'))).rejects.toThrow();
    await expect(stat('/usr/switchyard-probe')).rejects.toThrow();
  });

  it('cannot write .git: the worktree .git file, its gitdir, the common dir (config, hooks)', async () => {
    const git = await gitPathsOf(await realpath(wt.worktree));
    expect(git.readOnlyDirs).toHaveLength(2);
    const r = await run('echo evil > .git; git config user.name evil; echo evil > "$(git rev-parse --git-common-dir)/hooks/pre-commit"; git commit --allow-empty -m x -q; echo done');
    expect(r.output).toContain('done');
    expect(await readFile(path.join(wt.worktree, '.git'), 'utf8')).toMatch(/^gitdir: /);
    expect(await readFile(path.join(wt.repo, '.git', 'config'), 'utf8')).not.toContain('evil');
    await expect(stat(path.join(wt.repo, '.git', 'hooks', 'pre-commit'))).rejects.toThrow();
    // The main checkout (a .git folder inside the worktree) is protected the same way.
    const main = await run('touch .git/evil-file; echo x >> .git/config; echo done', { worktree: wt.repo });
    expect(main.output).toMatch(/Read-only file system/);
    await expect(stat(path.join(wt.repo, '.git', 'evil-file'))).rejects.toThrow();
  });

  it('cannot see the contents of ~/.ssh or ~/.netrc, while the rest of home stays readable', async () => {
    const r = await run('cat "$HOME/visible.txt"; echo; ls -A "$HOME/.ssh" | wc -l; cat "$HOME/.ssh/id_ed25519"; cat "$HOME/.netrc" | wc -c');
    expect(r.output).toContain('visible');
    expect(r.output).not.toContain('PRIVATE KEY MATERIAL');
    expect(r.output).not.toContain('hunter2');
    expect(r.output).toMatch(/\n0\n/);
  });

  it('hides extra paths (the app data folder) while the worktree inside them stays usable', async () => {
    const data = path.join(scratch, 'data');
    const mine = path.join(data, 'worktrees', 'mine');
    const other = path.join(data, 'worktrees', 'other');
    await mkdir(mine, { recursive: true });
    await mkdir(other, { recursive: true });
    await writeFile(path.join(other, 'theirs.txt'), 'other run');
    policy = { ...policy, extraHiddenPaths: [data] };
    const r = await run(`echo ok > mine.txt; cat ${path.join(other, 'theirs.txt')}; echo end`, { worktree: mine });
    expect(r.output).not.toContain('other run');
    expect(await readFile(path.join(mine, 'mine.txt'), 'utf8')).toBe('ok\n');
  });

  it('has no network unless allowed', async () => {
    const probe = `${JSON.stringify(process.execPath)} -e "require('net').connect(${port},'127.0.0.1').on('data',()=>{console.log('CONNECTED');process.exit(0)}).on('error',(e)=>{console.log('NO-NETWORK '+e.code);process.exit(7)})"`;
    const off = await run(probe);
    expect(off.output).toContain('NO-NETWORK');
    const on = await run(probe, { network: true });
    expect(on.output).toContain('CONNECTED');
  });

  it('a timed-out sandboxed command leaves no process behind (pid namespace + group kill)', async () => {
    const marker = `${6000 + Math.floor(Math.random() * 1000)}.75`;
    const r = await run(`sleep ${marker} & setsid sleep ${marker} & sleep ${marker}`, { timeoutMs: 400 });
    expect(r.output).toMatch(/time limit/);
    expect(await eventually(async () => (await processesWith(`sleep ${marker}`)).length === 0)).toBe(true);
  });

  it('a cancel at any moment, even while bwrap is still setting up, leaves no sandbox behind', async () => {
    const h = await createWorktreeToolHost({ worktree: wt.worktree, baseEnv: { PATH: process.env.PATH ?? '' }, approval: 'auto', sandbox: policy, killGraceMs: 300 });
    const marker = `${6100 + Math.floor(Math.random() * 800)}.25`;
    for (const delayMs of [0, 2, 5, 10, 20, 40, 80]) {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), delayMs);
      const r = await h.execute({ callId: 'c', name: 'run_command', arguments: JSON.stringify({ command: `sleep ${marker}` }) }, { signal: controller.signal, output: () => undefined });
      expect(r.cancelled).toBe(true);
    }
    expect(await eventually(async () => (await processesWith(`sleep ${marker}`)).length === 0)).toBe(true);
  });

  it('builds an argv array with the mounts in the order that makes .git win over the writable worktree', async () => {
    const real = await realpath(wt.worktree);
    const { file, args } = await buildSandboxArgv({ ...policy, runtimeDir: `/nonexistent-${randomUUID()}` }, real, ['sh', '-c', 'true']);
    expect(file).toBe('bwrap');
    const bind = args.indexOf('--bind');
    const dotGit = args.lastIndexOf('--ro-bind');
    expect(args.slice(bind, bind + 3)).toEqual(['--bind', real, real]);
    expect(args.slice(dotGit, dotGit + 3)).toEqual(['--ro-bind', path.join(real, '.git'), path.join(real, '.git')]);
    expect(args).toContain('--unshare-net');
    expect(args).toContain('--new-session');
    expect(args).toContain('--die-with-parent');
    expect(args.slice(-4)).toEqual(['--', 'sh', '-c', 'true']);
  });
});
