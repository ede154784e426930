// Whether the core can save: an event sent when writing to the database starts failing for lack of
// space (the disk is full) and when it succeeds again, and a call for the status now (a window that
// connects while the disk is full learns it at once). The window shows a banner while ok is false.
import { z } from 'zod';
import { call, event } from './define';

export const StorageStatus = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  /** message: one sentence naming the database file and what to do. */
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type StorageStatus = z.infer<typeof StorageStatus>;

export const storageContract = {
  /** Saving started failing (disk full) or works again; earlier data is never affected. */
  'app.storage': event(StorageStatus),
  /** The status now: the event fires only on changes, so a window asks once it has connected. */
  'app.storageStatus': call(z.object({}).strict(), StorageStatus),
} as const;
