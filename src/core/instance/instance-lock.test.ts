// The data folder's single-writer lock: a real Unix socket in a temp folder, a real second process
// killed with SIGKILL for the stale case, and frames round-tripped through the control socket.
import { spawn } from 'node:child_process';
import { lstat, mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../../test/helpers/git-fixtures';
import { createClient } from '../../shared/rpc/client';
import type { Frame } from '../../shared/protocol';
import { connectToInstance } from './connect';
import { InstanceLock } from './instance-lock';
import { instanceSocketLocation, MAX_SOCKET_PATH_BYTES } from './socket-path';

/** A process that listens on the socket path like a holder would, prints "ready", and waits to be killed. */
const HOLDER = `
const net = require('node:net');
const server = net.createServer();
server.listen(process.argv[1], () => process.stdout.write('ready\\n'));
setInterval(() => {}, 60000);
`;

describe.skipIf(process.platform === 'win32')('instance lock', () => {
  let dir: TempDir;
  const locks: InstanceLock[] = [];
  const acquire = async (d: string) => {
    const lock = await InstanceLock.acquire(d);
    locks.push(lock);
    return lock;
  };

  beforeEach(async () => {
    dir = await makeTempDir('switchyard-lock-');
  });
  afterEach(async () => {
    for (const lock of locks.splice(0)) await lock.close();
    await dir.cleanup();
  });

  it('listens on switchyard.sock in the data folder, mode 0600, and removes it on close', async () => {
    const lock = await acquire(dir.path);
    expect(lock.path).toBe(join(dir.path, 'switchyard.sock'));
    const info = await lstat(lock.path);
    expect(info.isSocket()).toBe(true);
    expect(info.mode & 0o777).toBe(0o600);
    await lock.close();
    await expect(lstat(lock.path)).rejects.toMatchObject({ code: 'ENOENT' });
    // Free again: the next process takes it.
    await acquire(dir.path);
  });

  it('refuses a second holder while the first is alive, naming the folder', async () => {
    await acquire(dir.path);
    const second = InstanceLock.acquire(dir.path);
    await expect(second).rejects.toMatchObject({ code: 'DATA_DIR_IN_USE' });
    await expect(second).rejects.toThrow(dir.path);
  });

  it('takes over the socket left by a holder killed with SIGKILL', async () => {
    const socketPath = instanceSocketLocation(dir.path).path;
    const child = spawn(process.execPath, ['-e', HOLDER, socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`holder exited early with ${code}`)));
    });
    // Alive: refused.
    await expect(InstanceLock.acquire(dir.path)).rejects.toMatchObject({ code: 'DATA_DIR_IN_USE' });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect((await lstat(socketPath)).isSocket()).toBe(true); // the file outlives its process

    const lock = await acquire(dir.path);
    expect(lock.path).toBe(socketPath);
    expect((await lstat(socketPath)).mode & 0o777).toBe(0o600);
  });

  async function leaveStaleSocket(): Promise<string> {
    const socketPath = instanceSocketLocation(dir.path).path;
    const child = spawn(process.execPath, ['-e', HOLDER, socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    return socketPath;
  }

  it('lets one of several processes starting at once after a crash take over; the others are refused', async () => {
    await leaveStaleSocket();
    const results = await Promise.allSettled([InstanceLock.acquire(dir.path), InstanceLock.acquire(dir.path), InstanceLock.acquire(dir.path)]);
    for (const r of results) if (r.status === 'fulfilled') locks.push(r.value);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'DATA_DIR_IN_USE' });
  });

  it('leaves a stale socket alone while another process holds the takeover guard, and ignores a guard left by a crash', async () => {
    const socketPath = await leaveStaleSocket();
    const guard = `${socketPath}.takeover`;
    await writeFile(guard, '');
    await expect(InstanceLock.acquire(dir.path)).rejects.toMatchObject({ code: 'DATA_DIR_IN_USE' });
    expect((await lstat(socketPath)).isSocket()).toBe(true);
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(guard, longAgo, longAgo);
    await acquire(dir.path);
    await expect(lstat(guard)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('never deletes a file in the way that is not a socket', async () => {
    const socketPath = instanceSocketLocation(dir.path).path;
    await writeFile(socketPath, 'not a socket');
    await expect(InstanceLock.acquire(dir.path)).rejects.toMatchObject({ code: 'DELETE_REFUSED' });
    expect((await lstat(socketPath)).isFile()).toBe(true);
  });

  it('serves other processes: connections made before serve() wait, then frames flow both ways', async () => {
    const lock = await acquire(dir.path);
    const transport = await connectToInstance(dir.path);
    expect(transport).not.toBeNull();
    const client = createClient(transport!);
    const seen: Frame[] = [];
    lock.serve((server) => {
      server.onFrame((frame) => {
        seen.push(frame);
        if (frame.t === 'req') server.send({ t: 'res', id: frame.id, ok: true, output: { echoed: frame.input, text: 'héllo\nwörld' } });
      });
    });
    const answer = await client.call('app.info', {});
    expect(answer).toEqual({ echoed: {}, text: 'héllo\nwörld' });
    expect(seen).toEqual([{ t: 'req', id: 1, name: 'app.info', input: {} }]);
    client.close();
  });

  it('reports no instance when none listens (and none for a folder that does not exist)', async () => {
    expect(await connectToInstance(dir.path)).toBeNull();
    expect(await connectToInstance(join(dir.path, 'missing'))).toBeNull();
  });

  it('puts the socket under the temp dir, hashed, when the folder path is too long for a socket address', async () => {
    const deep = join(dir.path, 'x'.repeat(60), 'y'.repeat(60));
    await mkdir(deep, { recursive: true });
    const location = instanceSocketLocation(deep);
    expect(Buffer.byteLength(location.path)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
    expect(location.path).toMatch(/^\/tmp\/switchyard-\d+\/instance-[0-9a-f]{24}\.sock$/); // never TMPDIR: every shell agrees
    expect(location.privateDir).not.toBeNull();
    const lock = await acquire(deep);
    expect(lock.path).toBe(location.path);
    await expect(InstanceLock.acquire(deep)).rejects.toMatchObject({ code: 'DATA_DIR_IN_USE' });
    expect((await lstat(location.privateDir!)).mode & 0o777).toBe(0o700);
  });

  it('derives a named pipe from the folder on Windows', () => {
    const a = instanceSocketLocation('C:\\Users\\me\\AppData\\Roaming\\Switchyard', 'win32');
    const b = instanceSocketLocation('c:\\users\\me\\appdata\\roaming\\switchyard', 'win32');
    expect(a.path).toMatch(/^\\\\\.\\pipe\\switchyard-[0-9a-f]{24}$/);
    expect(a.path).toBe(b.path);
    expect(a.isPipe).toBe(true);
  });
});
