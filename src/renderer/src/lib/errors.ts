// Turns anything a call rejects with into the sentence shown to the user.
import { RpcError } from '../../../shared/rpc/client';

export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return typeof err === 'string' ? err : 'Something went wrong.';
}

/** The connection is gone: the banner already says so, a toast would only repeat it. */
export function isDisconnected(err: unknown): boolean {
  return err instanceof RpcError && err.code === 'DISCONNECTED';
}
