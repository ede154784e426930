// The client side of the control socket: reaches the Switchyard process that owns a data folder, so
// a second process (the CLI) works through it instead of opening the database a second time.
import { realpath } from 'node:fs/promises';
import type { Transport } from '../../shared/protocol';
import { AppError } from '../../shared/errors';
import { dataDirInUseMessage } from './instance-lock';
import { lineTransport } from './line-transport';
import { probeInstance, PROBE_TIMEOUT_MS } from './probe';
import { instanceSocketLocation } from './socket-path';

/**
 * A transport to the process that owns `dataDir`, or null when no process does (no socket, or one
 * left by a process that died). Throws DATA_DIR_IN_USE when a process holds it but cannot be reached
 * (another user's socket, or one that does not answer).
 */
export async function connectToInstance(dataDir: string, timeoutMs: number = PROBE_TIMEOUT_MS): Promise<Transport | null> {
  const real = await realpath(dataDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (real === null) return null;
  const probe = await probeInstance(instanceSocketLocation(real).path, timeoutMs);
  if (probe.kind === 'alive') return lineTransport(probe.socket);
  if (probe.kind === 'denied' || probe.kind === 'unresponsive') {
    throw new AppError('DATA_DIR_IN_USE', `${dataDirInUseMessage(dataDir)} (Its control socket did not let this process in.)`);
  }
  return null;
}
