// Typed application errors: the one error shape that crosses the contract boundary.
// Owns the list of error codes and the AppError class; knows nothing about transports.
import { z } from 'zod';

export const ErrorCode = z.enum([
  'INVALID_INPUT',
  'NOT_FOUND',
  'PATH_NOT_FOUND',
  'NOT_A_DIRECTORY',
  'NOT_A_GIT_REPO',
  'REPO_EMPTY',
  'REPO_BARE',
  'GIT_MISSING',
  'GIT_TOO_OLD',
  'GIT_FAILED',
  'REPO_BUSY',
  'BRANCH_NOT_FOUND',
  'RUN_NOT_ACTIVE',
  'SPAWN_FAILED',
  'DELETE_REFUSED',
  'UNSUPPORTED',
  'LIMIT_EXCEEDED',
  'DISK_FULL',
  /** Another Switchyard process owns the data folder (one writer per folder). */
  'DATA_DIR_IN_USE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** An error a user can act on: a stable code plus one sentence in plain words. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

export interface WireError {
  code: ErrorCode;
  message: string;
}

/** Maps anything thrown to the wire shape. Unknown errors keep their message but get INTERNAL. */
export function toWireError(err: unknown): WireError {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}
