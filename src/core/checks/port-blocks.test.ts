import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { isPortFree, PortBlockAllocator, portEnv, PORTS_PER_BLOCK, type PortBlock } from './port-blocks';
import { failure } from '../../../test/helpers/rejection';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** Listens on 127.0.0.1:port like a dev server would; resolves false if the port is taken already. */
function hold(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1' }, () => {
      servers.push(server);
      resolve(true);
    });
  });
}

const portsOf = (b: PortBlock): number[] => Array.from({ length: b.count }, (_, i) => b.base + i);

describe('PortBlockAllocator', () => {
  // A random slice of the real range, so parallel test files do not meet on the same ports.
  const start = 20_000 + PORTS_PER_BLOCK * Math.floor(Math.random() * 900);
  const end = start + 30 * PORTS_PER_BLOCK - 1;

  it('never hands out overlapping blocks or busy ports across 20 allocations while ports are held', async () => {
    const busy = start + 3;
    const heldBusy = await hold(busy);
    const ports = new PortBlockAllocator({ start, end });
    const blocks = await Promise.all(Array.from({ length: 20 }, (_, i) => ports.allocate(`run-${i}`)));
    const all = blocks.flatMap(portsOf);
    expect(new Set(all).size).toBe(20 * PORTS_PER_BLOCK);
    if (heldBusy) expect(all).not.toContain(busy);
    expect(all.every((p) => p >= start && p <= end)).toBe(true);
    // Each run's dev server listens on its first port.
    for (const b of blocks) expect(await hold(b.base)).toBe(true);

    expect(await ports.allocate('run-7')).toEqual(blocks[7]); // idempotent per owner
    ports.release('run-0');
    const next = await ports.allocate('run-20');
    const inUse = new Set(blocks.slice(1).flatMap(portsOf));
    expect(portsOf(next).some((p) => inUse.has(p))).toBe(false);
    expect(portsOf(next)).not.toContain(blocks[0]?.base); // still listened on by run-0's leftover server
    expect(ports.blockOf('run-0')).toBeNull();
    expect(ports.blockOf('run-20')).toEqual(next);
  });

  it('is deterministic from its counter and says when every block is taken', async () => {
    const free = async () => true;
    const ports = new PortBlockAllocator({ start: 30_000, end: 30_029, isFree: free });
    expect((await ports.allocate('a')).base).toBe(30_000);
    expect((await ports.allocate('b')).base).toBe(30_010);
    ports.release('a');
    expect((await ports.allocate('c')).base).toBe(30_020); // round robin: a released block rests
    expect((await ports.allocate('d')).base).toBe(30_000);
    const err = await failure<AppError>(ports.allocate('e'));
    expect(err.code).toBe('LIMIT_EXCEEDED');
    expect(err.message).toBe('No free block of 10 ports is left between 30000 and 30029; stop some runs or the programs using those ports.');
  });

  it('refuses a range that cannot hold a block', () => {
    expect(() => new PortBlockAllocator({ start: 80, end: 2000 })).toThrow(AppError);
    expect(() => new PortBlockAllocator({ start: 30_000, end: 30_005 })).toThrow(AppError);
  });

  it('sees a port a server listens on as busy, and sets the environment', async () => {
    const port = start + 5;
    if (await hold(port)) expect(await isPortFree(port)).toBe(false);
    expect(portEnv({ base: 21_000, count: 10 })).toEqual({ SWITCHYARD_PORT: '21000', SWITCHYARD_PORT_COUNT: '10' });
  });
});
