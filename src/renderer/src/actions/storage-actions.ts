// The storage banner's first state: `app.storage` fires only when saving starts or stops failing, so a
// window that connects while the disk is already full asks for the status once it is connected.
import { reportError, type ActionContext } from './context';

/** Loads the core's storage status now, unless an `app.storage` event has already brought a newer one. */
export async function loadStorageStatus(ctx: ActionContext): Promise<void> {
  const { client, store } = ctx;
  const before = store.getState().storage;
  try {
    const storage = await client.call('app.storageStatus', {});
    // Every event sets a new object: a changed one arrived after this call was sent, and is newer.
    if (store.getState().storage === before) store.setState({ storage });
  } catch (err) {
    reportError(ctx, err);
  }
}
