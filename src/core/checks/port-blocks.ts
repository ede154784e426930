// Gives each live run its own block of TCP ports (`SWITCHYARD_PORT` .. `SWITCHYARD_PORT`+9), so dev
// servers and test servers started in parallel worktrees do not collide. Blocks are handed out
// round-robin from a counter inside a fixed range; a block already held by another run, or with a
// port some other program is listening on (a quick bind on 127.0.0.1 and ::1), is skipped.
import { createServer } from 'node:net';
import { AppError } from '../../shared/errors';

/** Ports per run: a dev server, its HMR socket, an API, a database and a few spares. */
export const PORTS_PER_BLOCK = 10;
/**
 * First port of the range, inclusive. 20000–29999 stays below every operating system's ephemeral
 * range (Linux 32768–60999, macOS and Windows 49152–65535), so the ports of outgoing connections
 * never land in a block, and above the common fixed ports of dev tools (3000, 5173, 8080, 9229).
 */
export const PORT_RANGE_START = 20_000;
/** Last port of the range, inclusive: 1,000 blocks of 10. */
export const PORT_RANGE_END = 29_999;

export interface PortBlock {
  /** First port of the block: the value of SWITCHYARD_PORT. */
  base: number;
  /** Ports in the block (PORTS_PER_BLOCK). */
  count: number;
}

export interface PortBlockOptions {
  start?: number;
  end?: number;
  /** Whether a port can be bound right now; tests replace it. Default: a bind on 127.0.0.1. */
  isFree?: (port: number) => Promise<boolean>;
}

export class PortBlockAllocator {
  readonly #start: number;
  readonly #blocks: number;
  readonly #isFree: (port: number) => Promise<boolean>;
  /** Block index by owner, including blocks still being checked. */
  readonly #byOwner = new Map<string, number>();
  readonly #taken = new Set<number>();
  /** Where the next search starts: after the last block handed out, so a released block rests a while. */
  #next = 0;

  constructor(opts: PortBlockOptions = {}) {
    const start = opts.start ?? PORT_RANGE_START;
    const end = opts.end ?? PORT_RANGE_END;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1024 || end > 65_535 || end - start + 1 < PORTS_PER_BLOCK) {
      throw new AppError('INVALID_INPUT', `The port range ${start}–${end} must lie within 1024–65535 and hold at least ${PORTS_PER_BLOCK} ports.`);
    }
    this.#start = start;
    this.#blocks = Math.floor((end - start + 1) / PORTS_PER_BLOCK);
    this.#isFree = opts.isFree ?? isPortFree;
  }

  /**
   * The block of `owner` (a run id): the one it already holds, or the next block after the last
   * one handed out that no live owner holds and whose ports are all free. Concurrent calls never
   * get the same block. Throws LIMIT_EXCEEDED when every block is held or busy.
   */
  async allocate(owner: string): Promise<PortBlock> {
    const held = this.#byOwner.get(owner);
    if (held !== undefined) return this.#blockAt(held);
    for (let tried = 0; tried < this.#blocks; tried++) {
      const index = (this.#next + tried) % this.#blocks;
      if (this.#taken.has(index)) continue;
      // Claim it before the asynchronous check, so a concurrent allocate moves on to the next block.
      this.#taken.add(index);
      this.#byOwner.set(owner, index);
      const block = this.#blockAt(index);
      if (await this.#allFree(block)) {
        this.#next = (index + 1) % this.#blocks;
        return block;
      }
      this.#taken.delete(index);
      this.#byOwner.delete(owner);
    }
    const last = this.#start + this.#blocks * PORTS_PER_BLOCK - 1;
    throw new AppError('LIMIT_EXCEEDED', `No free block of ${PORTS_PER_BLOCK} ports is left between ${this.#start} and ${last}; stop some runs or the programs using those ports.`);
  }

  /** Gives the owner's block back (the run ended). Unknown owners are ignored. */
  release(owner: string): void {
    const index = this.#byOwner.get(owner);
    if (index === undefined) return;
    this.#byOwner.delete(owner);
    this.#taken.delete(index);
  }

  /** The block an owner holds, or null. */
  blockOf(owner: string): PortBlock | null {
    const index = this.#byOwner.get(owner);
    return index === undefined ? null : this.#blockAt(index);
  }

  #blockAt(index: number): PortBlock {
    return { base: this.#start + index * PORTS_PER_BLOCK, count: PORTS_PER_BLOCK };
  }

  async #allFree(block: PortBlock): Promise<boolean> {
    for (let port = block.base; port < block.base + block.count; port++) {
      if (!(await this.#isFree(port))) return false;
    }
    return true;
  }
}

/** The environment variables that tell a run's processes their ports. */
export function portEnv(block: PortBlock): Record<string, string> {
  return { SWITCHYARD_PORT: String(block.base), SWITCHYARD_PORT_COUNT: String(block.count) };
}

/**
 * Whether a TCP server could listen on the port right now, on 127.0.0.1 and on ::1 (a dev server
 * told to use `localhost` may pick either). Listens and closes at once. A machine without IPv6
 * counts as free on ::1.
 */
export async function isPortFree(port: number): Promise<boolean> {
  return (await canListen(port, '127.0.0.1')) && (await canListen(port, '::1'));
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT'));
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}
