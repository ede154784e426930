// Where the process that owns a data folder listens for other Switchyard processes (the CLI): a Unix
// socket `switchyard.sock` in the data folder itself, a hashed name under /tmp when that path is too
// long for a socket address, or a named pipe derived from the folder's path on Windows.
// The location depends on the folder alone, never on the environment (TMPDIR, XDG_RUNTIME_DIR): two
// processes started from different shells must meet at the same socket, or both would write.
import { createHash } from 'node:crypto';
import path from 'node:path';

/**
 * Base of the fallback folder: /tmp itself, not os.tmpdir() (which follows TMPDIR). It is also what
 * the built-in agent's sandbox replaces with an empty tmpfs, so sandboxed commands cannot reach it.
 */
export const FALLBACK_BASE = '/tmp';

/** The socket's file name inside the data folder. */
export const INSTANCE_SOCKET_NAME = 'switchyard.sock';

/**
 * Longest Unix socket path used, in bytes: sun_path holds 104 bytes on macOS and 108 on Linux,
 * including the terminating NUL; 100 leaves a margin on both.
 */
export const MAX_SOCKET_PATH_BYTES = 100;

export interface SocketLocation {
  /** What to listen on / connect to. */
  path: string;
  /** A folder this module creates (0700) for the socket: the temp-dir fallback; null otherwise. */
  privateDir: string | null;
  /** A named pipe (Windows) has no file: nothing to chmod, unlink or take over. */
  isPipe: boolean;
}

/** Short stable name of a data folder, for the places its path does not fit. */
function folderHash(dataDir: string, platform: NodeJS.Platform): string {
  const key = platform === 'win32' ? dataDir.toLowerCase() : dataDir;
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

/**
 * The control socket of `dataDir`, which should already be resolved (realpath), so that two spellings
 * of the same folder (a symlink, a trailing slash) meet at the same socket.
 */
export function instanceSocketLocation(dataDir: string, platform: NodeJS.Platform = process.platform, tempDir: string = FALLBACK_BASE): SocketLocation {
  if (platform === 'win32') {
    return { path: `\\\\.\\pipe\\switchyard-${folderHash(dataDir, platform)}`, privateDir: null, isPipe: true };
  }
  const preferred = path.join(dataDir, INSTANCE_SOCKET_NAME);
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH_BYTES) return { path: preferred, privateDir: null, isPipe: false };
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const privateDir = path.join(tempDir, `switchyard-${uid}`);
  return { path: path.join(privateDir, `instance-${folderHash(dataDir, platform)}.sock`), privateDir, isPipe: false };
}
