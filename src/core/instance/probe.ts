// Asks whether a Switchyard process listens on a control socket, by connecting to it: connected means
// alive; refused means a socket file left by a process that died (kill -9, a crash); missing means none.
import net from 'node:net';

/**
 * How long a connection attempt may take, in ms. A local socket answers at once, even when its
 * process is busy (the kernel completes the connection); the margin is for a loaded machine.
 */
export const PROBE_TIMEOUT_MS = 3_000;

export type ProbeResult =
  | { kind: 'alive'; socket: net.Socket }
  /** A socket file nobody listens on: left by a process that is gone. */
  | { kind: 'stale' }
  | { kind: 'absent' }
  /** Not ours to use (another user's socket): never to be taken over. */
  | { kind: 'denied' }
  /** Exists but did not answer in time (a stopped process?): in use, never to be taken over. */
  | { kind: 'unresponsive' };

/** Connects to `socketPath`; an `alive` result hands over the connected socket (destroy it if unused). */
export function probeInstance(socketPath: string, timeoutMs: number = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ kind: 'unresponsive' });
    }, timeoutMs);
    const onError = (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      if (err.code === 'ECONNREFUSED') resolve({ kind: 'stale' });
      else if (err.code === 'ENOENT') resolve({ kind: 'absent' });
      else if (err.code === 'EACCES' || err.code === 'EPERM') resolve({ kind: 'denied' });
      else if (err.code === 'EAGAIN') resolve({ kind: 'unresponsive' }); // its queue is full: busy, not gone
      else reject(err);
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.on('error', () => {}); // until the new owner listens: a reset must not crash the process
      resolve({ kind: 'alive', socket });
    });
  });
}
