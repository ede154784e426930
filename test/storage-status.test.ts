// A window that connects while the database is full sees the storage banner at once: `app.storage`
// fires only on changes, so `app.storageStatus` tells a late window the status now, and the ok again
// once space returns. The full disk is the StorageLimit test hook (PRAGMA max_page_count).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageLimit } from '../src/core/store/storage-limit';
import { RpcError } from '../src/shared/rpc/client';
import { startCore, type CoreHarness } from './helpers/core-harness';

let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

async function until(cond: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('storage status for a window that connects later', () => {
  it('is not ok while the database is full, and ok again once space returns', async () => {
    const limit = new StorageLimit();
    h = await startCore({ storageLimit: limit });
    expect(await h.client.call('app.storageStatus', {})).toEqual({ ok: true });

    await limit.setMaxPageCount(limit.pageCount());
    let error: unknown = null;
    for (let n = 0; error === null && n < 20_000; n++) {
      await h.client.call('profiles.saveCommand', { name: `filler ${n}`, commandLine: `echo ${'x'.repeat(7000)}` }).catch((e: unknown) => (error = e));
    }
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'DISK_FULL' });

    // This window connected after the change: it got no event, and learns the status by asking.
    const late = h.connect();
    const status = await late.call('app.storageStatus', {});
    expect(status).toEqual({ ok: false, message: expect.stringContaining(join(h.dataDir, 'switchyard.db')) as string });

    await limit.setMaxPageCount(null);
    await until(async () => (await late.call('app.storageStatus', {})).ok, 'the status to be ok again (the probe)');
    expect(await h.connect().call('app.storageStatus', {})).toEqual({ ok: true });
  });
});
