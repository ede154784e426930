// Whether the core can save (event `app.storage`): false while the disk holding its database is full.
import type { StorageStatus } from '../../../shared/contract';

export interface StorageSlice {
  readonly storage: StorageStatus;
}

export const initialStorageSlice: StorageSlice = { storage: { ok: true } };
