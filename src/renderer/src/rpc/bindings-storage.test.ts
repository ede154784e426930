import { describe, expect, it } from 'vitest';
import { createAppStore } from '../state/store';
import { bindStore } from './bindings';
import { createFakeCore } from './fake-core';

describe('storage event binding', () => {
  it('puts app.storage into the store: the banner state goes to full and back to ok', async () => {
    const core = createFakeCore({});
    const store = createAppStore();
    bindStore(core.client, store);
    expect(store.getState().storage).toEqual({ ok: true });
    const message = 'The disk holding the database /d/switchyard.db is full, so this was not saved.';
    core.emit('app.storage', { ok: false, message });
    await core.flush();
    expect(store.getState().storage).toEqual({ ok: false, message });
    core.emit('app.storage', { ok: true });
    await core.flush();
    expect(store.getState().storage).toEqual({ ok: true });
  });
});
