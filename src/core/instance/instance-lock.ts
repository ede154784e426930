// One writer per data folder. The process that builds a core listens on the folder's control socket
// (socket-path.ts), and listening IS the lock: the socket address can be bound by one process only.
// When it is taken, a connection attempt tells a live owner (DATA_DIR_IN_USE) from a socket file left
// by a process that died (kill -9), which is removed and listened on again. The socket then serves the
// contract to other Switchyard processes of the same user (the CLI), one JSON frame per line.
//
// Safety: the socket is 0600 and accepts nothing until that mode is set; a stale socket is removed
// only under a short-lived guard file, re-checked there, and only if it is a socket, so two processes
// starting after a crash cannot both take over; close() removes the file only while it is still ours.
import { chmod, lstat, mkdir, open, realpath, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import { AppError } from '../../shared/errors';
import type { Transport } from '../../shared/protocol';
import { lineTransport } from './line-transport';
import { probeInstance, PROBE_TIMEOUT_MS } from './probe';
import { instanceSocketLocation, type SocketLocation } from './socket-path';

/** Attempts at binding the socket before giving up; each failed one waits RETRY_DELAY_MS. */
const MAX_ATTEMPTS = 60;
/** Pause between attempts, in ms, while another process is taking over a stale socket. */
const RETRY_DELAY_MS = 50;
/**
 * Age, in ms, after which a takeover guard file is itself considered left by a crash. A takeover
 * (probe, unlink, listen) takes milliseconds; ten seconds covers a very loaded machine.
 */
const GUARD_STALE_MS = 10_000;

export interface InstanceLockOptions {
  /** How long a probe of an existing socket may take, in ms. */
  probeTimeoutMs?: number;
}

/** The sentence every process shows when the folder is taken. */
export function dataDirInUseMessage(dataDir: string): string {
  return (
    `Another Switchyard process is using the data folder ${dataDir} (the desktop app, \`npm run web\`, ` +
    '`switchyard serve` or a running `switchyard` command). Use that one, stop it first, or choose another ' +
    'folder with --data-dir or SWITCHYARD_DATA_DIR.'
  );
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class InstanceLock {
  #attach: ((transport: Transport) => void) | null = null;
  #accepting = false;
  #refusing = false;
  #closed = false;
  readonly #waiting: net.Socket[] = [];
  readonly #sockets = new Set<net.Socket>();
  #inode: number | null = null;

  private constructor(
    private readonly server: net.Server,
    readonly location: SocketLocation,
  ) {}

  /** The address other processes connect to. */
  get path(): string {
    return this.location.path;
  }

  /**
   * Claims `dataDir` (which must exist) for this process, or throws AppError DATA_DIR_IN_USE naming
   * the folder. Connections are held until serve() is called.
   */
  static async acquire(dataDir: string, opts: InstanceLockOptions = {}): Promise<InstanceLock> {
    const location = instanceSocketLocation(await realpath(dataDir));
    if (location.privateDir) await ensurePrivateDir(location.privateDir);
    const server = net.createServer();
    const lock = new InstanceLock(server, location);
    server.on('connection', (socket) => lock.#accept(socket));
    const probeTimeout = opts.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (await lock.#listen()) return lock;
      const probe = await probeInstance(location.path, probeTimeout);
      if (probe.kind === 'alive') probe.socket.destroy();
      if (probe.kind === 'alive' || probe.kind === 'denied' || probe.kind === 'unresponsive') {
        throw new AppError('DATA_DIR_IN_USE', dataDirInUseMessage(dataDir));
      }
      if (probe.kind === 'stale' && !location.isPipe) {
        if (await lock.#takeOver(probeTimeout)) return lock;
      } else {
        await sleep(RETRY_DELAY_MS);
      }
    }
    throw new AppError('DATA_DIR_IN_USE', `${dataDirInUseMessage(dataDir)} (Its control socket ${location.path} could not be claimed.)`);
  }

  /** Attaches every connection, those waiting first, as a Transport. */
  serve(attach: (transport: Transport) => void): void {
    this.#attach = attach;
    for (const socket of this.#waiting.splice(0)) this.#hand(socket);
  }

  /** Refuses new connections from now on (the core is shutting down) while still holding the folder. */
  refuseNew(): void {
    this.#refusing = true;
  }

  /** Stops listening, drops every connection and removes the socket file if it is still this process's. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#waiting.length = 0;
    for (const socket of this.#sockets) socket.destroy();
    const ours = await this.#stillOurs();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (ours) await rm(this.location.path, { force: true });
  }

  /** Binds and listens; false when the address is taken (EADDRINUSE), other errors throw. */
  async #listen(): Promise<boolean> {
    const bound = await new Promise<boolean>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err));
      this.server.once('error', onError);
      this.server.listen(this.location.path, () => {
        this.server.off('error', onError);
        resolve(true);
      });
    });
    if (!bound) return false;
    this.server.on('error', () => {}); // a listening server's later errors are per connection
    if (!this.location.isPipe) {
      try {
        await chmod(this.location.path, 0o600);
        this.#inode = (await stat(this.location.path)).ino;
      } catch (err) {
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
        throw err;
      }
    }
    this.#accepting = true;
    return true;
  }

  /**
   * Removes a stale socket and listens in its place, under a guard file so that only one process does
   * it at a time. Returns true when this process now listens; false to try again from the start.
   */
  async #takeOver(probeTimeout: number): Promise<boolean> {
    const guardPath = `${this.location.path}.takeover`;
    const guard = await open(guardPath, 'wx', 0o600).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
      const age = await stat(guardPath).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > GUARD_STALE_MS) await rm(guardPath, { force: true });
      else await sleep(RETRY_DELAY_MS);
      return null;
    });
    if (!guard) return false;
    try {
      const again = await probeInstance(this.location.path, probeTimeout);
      if (again.kind === 'alive') again.socket.destroy();
      if (again.kind !== 'stale') return false; // someone took it over first: the next attempt sees them
      const info = await lstat(this.location.path).catch(() => null);
      if (info && !info.isSocket()) {
        throw new AppError('DELETE_REFUSED', `${this.location.path} is in the way of Switchyard's control socket and is not a socket; move it away and start again.`);
      }
      if (info) await rm(this.location.path, { force: true });
      return await this.#listen();
    } finally {
      await guard.close();
      await rm(guardPath, { force: true });
    }
  }

  #accept(socket: net.Socket): void {
    socket.on('error', () => {}); // a peer that resets is just gone; its transport reports the close
    if (!this.#accepting || this.#refusing || this.#closed) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    if (this.#attach) this.#hand(socket);
    else this.#waiting.push(socket);
  }

  #hand(socket: net.Socket): void {
    if (socket.destroyed) return;
    this.#attach?.(lineTransport(socket));
  }

  async #stillOurs(): Promise<boolean> {
    if (this.location.isPipe || this.#inode === null) return false;
    const info = await lstat(this.location.path).catch(() => null);
    return info !== null && info.isSocket() && info.ino === this.#inode;
  }
}

/** The temp-dir fallback folder: created 0700, and refused unless it is a real folder of this user. */
async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  const uid = typeof process.getuid === 'function' ? process.getuid() : info.uid;
  if (!info.isDirectory() || info.uid !== uid) {
    throw new AppError('INTERNAL', `${dir} is not a private folder of this user; Switchyard will not put its control socket there.`);
  }
  await chmod(dir, 0o700);
}
