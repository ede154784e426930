// Whether the core can save: an event sent when writing to the database starts failing for lack of
// space (the disk is full) and when it succeeds again. The window shows a banner while ok is false.
import { z } from 'zod';
import { event } from './define';

export const StorageStatus = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  /** message: one sentence naming the database file and what to do. */
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type StorageStatus = z.infer<typeof StorageStatus>;

export const storageContract = {
  /** Saving started failing (disk full) or works again; earlier data is never affected. */
  'app.storage': event(StorageStatus),
} as const;
