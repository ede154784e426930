import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pty from 'node-pty';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PtyHost, type PtySpawnRequest } from './pty-host';
import { collect, testChildEnv, within } from './pty-test-support';

describe.skipIf(process.platform === 'win32')('PtyHost with real PTYs', () => {
  let host: PtyHost;
  let dir: string;
  beforeEach(async () => {
    host = new PtyHost({ stopGraceMs: 300 });
    dir = await mkdtemp(path.join(tmpdir(), 'switchyard-pty-'));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await host.disposeAll();
    await rm(dir, { recursive: true, force: true });
  });

  const request = (file: string, args: string[], over: Partial<PtySpawnRequest> = {}): PtySpawnRequest => ({
    file,
    args,
    cwd: dir,
    env: testChildEnv(),
    cols: 80,
    rows: 24,
    ...over,
  });

  it('emits the output, then the exit code', async () => {
    const session = await host.spawn(request('sh', ['-c', 'printf hello; exit 3']));
    const events: string[] = [];
    session.onData((data) => events.push(`data:${data}`));
    const out = collect(session);
    session.onExit((e) => events.push(`exit:${e.exitCode}`));
    expect(await within(out.exited, 10_000, 'exit')).toEqual({ exitCode: 3, signal: null });
    expect(events).toEqual(['data:hello', 'exit:3']);
    expect(session.exited).toBe(true);
    expect(host.liveCount).toBe(0);
  });

  it('tells its input listeners when input went to the program, and not after the exit', async () => {
    const session = await host.spawn(request('cat', []));
    const out = collect(session);
    const inputs = vi.fn();
    session.onInput(inputs);
    session.write('ping\r');
    expect(inputs).toHaveBeenCalledTimes(1);
    await within(
      (async () => {
        while (!out.text.includes('ping')) await new Promise((r) => setTimeout(r, 20));
      })(),
      10_000,
      'echo',
    );
    session.write('\x04'); // end of input: cat exits
    await within(out.exited, 10_000, 'exit');
    session.write('late');
    expect(inputs).toHaveBeenCalledTimes(2);
  });

  it('calls an exit listener added after the exit, once', async () => {
    const session = await host.spawn(request('sh', ['-c', 'exit 5']));
    await within(collect(session).exited, 10_000, 'exit');
    const late = vi.fn();
    session.onExit(late);
    await Promise.resolve();
    expect(late).toHaveBeenCalledExactlyOnceWith({ exitCode: 5, signal: null });
  });

  describe('refuses a launch it cannot run, without starting anything', () => {
    it.each([
      ['a name not on PATH', 'switchyard-no-such-command', 'Command not found: switchyard-no-such-command. Check the profile\'s command.'],
      ['a missing absolute path', '/nonexistent/agent', "Command not found: /nonexistent/agent. Check the profile's command."],
      ['a missing relative path', './agent', "Command not found: ./agent. Check the profile's command."],
      ['an empty command', '', "The command is empty. Check the profile's command."],
    ])('%s', async (_what, file, message) => {
      const spawn = vi.spyOn(pty, 'spawn');
      await expect(host.spawn(request(file, []))).rejects.toMatchObject({ name: 'AppError', code: 'SPAWN_FAILED', message });
      expect(spawn).not.toHaveBeenCalled();
      expect(host.liveCount).toBe(0);
    });

    it('a file that is not executable, or a directory', async () => {
      await writeFile(path.join(dir, 'script'), '#!/bin/sh\necho hi\n', { mode: 0o644 });
      await mkdir(path.join(dir, 'folder'));
      const spawn = vi.spyOn(pty, 'spawn');
      for (const file of ['./script', 'folder', `${dir}/folder`]) {
        await expect(host.spawn(request(file, []))).rejects.toMatchObject({ code: 'SPAWN_FAILED' });
      }
      expect(spawn).not.toHaveBeenCalled();
    });

    it('a command that only exists in the working directory, even with an empty PATH entry', async () => {
      await writeFile(path.join(dir, 'planted'), '#!/bin/sh\necho planted\n', { mode: 0o755 });
      const env = { ...testChildEnv(), PATH: `:.:${testChildEnv().PATH}` };
      await expect(host.spawn(request('planted', [], { env }))).rejects.toMatchObject({ code: 'SPAWN_FAILED' });
    });

    it('a missing or non-directory cwd, and a bad size', async () => {
      await writeFile(path.join(dir, 'file'), '');
      await expect(host.spawn(request('sh', [], { cwd: path.join(dir, 'gone') }))).rejects.toMatchObject({ code: 'PATH_NOT_FOUND' });
      await expect(host.spawn(request('sh', [], { cwd: path.join(dir, 'file') }))).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY' });
      await expect(host.spawn(request('sh', [], { cols: 0 }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(host.spawn(request('sh', [], { rows: 1.5 }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });
  });

  it('runs an executable given by a path relative to cwd', async () => {
    await writeFile(path.join(dir, 'tool'), '#!/bin/sh\nprintf "tool ran in %s" "$PWD"\n');
    await chmod(path.join(dir, 'tool'), 0o755);
    const out = collect(await host.spawn(request('./tool', [])));
    expect(await within(out.exited, 10_000, 'exit')).toMatchObject({ exitCode: 0 });
    expect(out.text).toBe(`tool ran in ${dir}`);
  });

  it('sets TERM to xterm-256color whatever the request env says', async () => {
    const env = { ...testChildEnv(), TERM: 'dumb' };
    const out = collect(await host.spawn(request('sh', ['-c', 'printf "%s" "$TERM"'], { env })));
    await within(out.exited, 10_000, 'exit');
    expect(out.text).toBe('xterm-256color');
  });

  it('delivers write() to the child', async () => {
    const session = await host.spawn(request('sh', ['-c', 'read line; printf "got:%s" "$line"']));
    const out = collect(session);
    session.write('ab😀c\r');
    expect(await within(out.exited, 10_000, 'exit')).toMatchObject({ exitCode: 0 });
    expect(out.text).toContain('got:ab😀c');
    session.write('ignored after exit');
    session.resize(100, 30);
  });

  it('resizes the terminal the child sees (winsize and SIGWINCH)', async () => {
    const session = await host.spawn(request('sh', ['-c', 'stty size; read _; stty size']));
    const out = collect(session);
    await vi.waitFor(() => expect(out.text).toContain('24 80'), { timeout: 10_000 });
    session.resize(100, 40);
    session.write('\r');
    await within(out.exited, 10_000, 'exit');
    expect(out.text).toMatch(/24 80[\s\S]*40 100/);

    const script = "process.stdout.on('resize', () => console.log('cols=' + process.stdout.columns + ' rows=' + process.stdout.rows)); console.log('ready'); setInterval(() => {}, 1000);";
    const node = await host.spawn(request(process.execPath, ['-e', script]));
    const nodeOut = collect(node);
    await vi.waitFor(() => expect(nodeOut.text).toContain('ready'), { timeout: 10_000 });
    node.resize(132, 50);
    await vi.waitFor(() => expect(nodeOut.text).toContain('cols=132 rows=50'), { timeout: 10_000 });
    expect(() => node.resize(0, 10)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    await node.stop();
  });

  it('keeps one session running when another exits', async () => {
    const cat = await host.spawn(request('cat', []));
    const catOut = collect(cat);
    const quick = collect(await host.spawn(request('sh', ['-c', 'printf bye; exit 0'])));
    await within(quick.exited, 10_000, 'quick exit');
    expect(cat.exited).toBe(false);
    cat.write('still here\r');
    await vi.waitFor(() => expect(catOut.text.split('still here').length).toBe(3), { timeout: 10_000 });
    expect(host.liveCount).toBe(1);
    await cat.stop();
    expect(await catOut.exited).toMatchObject({ signal: 1 });
  });

  it('round-trips non-ASCII output, also across read boundaries', async () => {
    const text = 'héllo wörld — 日本語 🚀 ∑ Ωmega ʕ•ᴥ•ʔ';
    const small = collect(await host.spawn(request('sh', ['-c', 'printf "%s" "$1"', 'sh', text])));
    await within(small.exited, 10_000, 'exit');
    expect(small.text).toBe(text);

    const big = '日本語🚀é'.repeat(20_000);
    const script = `process.stdout.write(${JSON.stringify('日本語🚀é')}.repeat(20000))`;
    const large = collect(await host.spawn(request(process.execPath, ['-e', script])));
    await within(large.exited, 10_000, 'exit');
    expect(large.text.length).toBe(big.length);
    expect(large.text).toBe(big);
  });
});
