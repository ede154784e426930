import { describe, expect, it } from 'vitest';
import type { StorageStatus } from '../../../shared/contract';
import { bindStore } from '../rpc/bindings';
import { createFakeCore } from '../rpc/fake-core';
import { createAppStore } from '../state/store';
import { loadStorageStatus } from './storage-actions';

const full: StorageStatus = { ok: false, message: 'The disk holding the database /d/switchyard.db is full, so this was not saved.' };

describe('loadStorageStatus', () => {
  it('shows a window that connects while the disk is full the banner state, without any event', async () => {
    const core = createFakeCore({ 'app.storageStatus': () => full });
    const store = createAppStore();
    bindStore(core.client, store);
    expect(store.getState().storage).toEqual({ ok: true });
    await loadStorageStatus({ client: core.client, store });
    expect(store.getState().storage).toEqual(full);
  });

  it('keeps an app.storage event that arrived while the call was in flight (it is newer)', async () => {
    let answer: (status: StorageStatus) => void = () => {};
    const core = createFakeCore({ 'app.storageStatus': () => new Promise<StorageStatus>((resolve) => (answer = resolve)) });
    const store = createAppStore();
    bindStore(core.client, store);
    const loading = loadStorageStatus({ client: core.client, store });
    await core.flush();
    core.emit('app.storage', full);
    await core.flush();
    answer({ ok: true }); // read before the event was sent
    await loading;
    expect(store.getState().storage).toEqual(full);
  });

  it('shows a failed call as a toast', async () => {
    const core = createFakeCore({});
    const store = createAppStore();
    await loadStorageStatus({ client: core.client, store });
    expect(store.getState().storage).toEqual({ ok: true });
    expect(store.getState().toasts.map((t) => t.message).join()).toMatch(/app.storageStatus/);
  });
});
