// Faults: the disk holding the database fills up (PRAGMA max_page_count on both of the core's
// connections, through the StorageLimit test hook) while a run streams. Writes through the contract
// fail with DISK_FULL naming the file, the window gets `app.storage` { ok: false }, earlier data is
// intact, and once space returns writes resume and the transcript has no gap.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StorageLimit } from '../../src/core/store/storage-limit';
import type { StorageStatus } from '../../src/shared/contract';
import { RpcError } from '../../src/shared/rpc/client';
import { counterText, ticksIn } from './support/expected';
import { useFaultFixtures } from './support/fault-fixtures';
import { storedTranscript, until, withDb } from './support/host-process';

const COUNTER = new URL('./support/counter-agent.mjs', import.meta.url).pathname;
const fx = useFaultFixtures();

describe('disk full for the database', () => {
  it('is caught and shown, keeps earlier data, and writes resume (transcript without a gap) when space returns', async () => {
    const limit = new StorageLimit();
    const { repo, data, c } = await fx.coreWithRepo({ storageLimit: limit });
    const dbFile = join(data.path, 'switchyard.db');
    const { client } = c;
    const statuses: StorageStatus[] = [];
    client.on('app.storage', (s) => statuses.push(s));

    const r = await client.call('repos.open', { path: repo.path });
    const profile = await client.call('profiles.saveCommand', { name: 'counter', commandLine: `${process.execPath} ${COUNTER} --delay 10` });
    const created = await client.call('threads.create', { repoId: r.id, prompt: 'disk full', baseBranch: 'main', agents: [{ profileId: profile.id, count: 1 }] });
    const threadId = created.thread.id;
    const runId = created.runs[0]!.id;
    const committed = () => withDb(data.path, (db) => storedTranscript(db, runId));
    await until(() => ticksIn(committed()) >= 20, 'output before the disk fills');

    // The disk is full from here: the database cannot grow by a single page.
    await limit.setMaxPageCount(limit.pageCount());
    const before = committed();
    let saved = 0;
    let error: unknown = null;
    while (error === null && saved < 20_000) {
      await client.call('profiles.saveCommand', { name: `filler ${saved}`, commandLine: `echo ${'x'.repeat(7000)}` }).then(() => saved++, (e: unknown) => (error = e));
    }
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'DISK_FULL' });
    expect((error as Error).message).toContain(dbFile);
    await until(() => statuses.length > 0, 'the storage event');
    expect(statuses[0]).toEqual({ ok: false, message: expect.stringContaining(dbFile) as string });

    // Earlier data intact and readable while full; the run keeps streaming into the writer's buffer.
    expect((await client.call('threads.list', {})).map((t) => t.id)).toEqual([threadId]);
    expect((await client.call('profiles.list', {})).filter((p) => p.name.startsWith('filler'))).toHaveLength(saved);
    withDb(data.path, (db) => expect(db.pragma('quick_check', { simple: true })).toBe('ok'));
    // The transcript writer fills the last free space of its pages, then is blocked too: what is
    // committed stops growing for good (a second without change, checked twice) while the run goes on.
    let whileFull = committed();
    await until(async () => {
      const a = committed();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const b = committed();
      whileFull = b;
      return a === b;
    }, 'the transcript writer to be blocked by the full database', 30_000);
    expect(whileFull.startsWith(before)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(committed()).toBe(whileFull);
    expect((await client.call('threads.get', { threadId })).runs[0]?.status).toBe('running');

    // Space returns: both connections recover by themselves (probe, writer retry).
    await limit.setMaxPageCount(null);
    await until(() => statuses.at(-1)?.ok === true, 'the storage ok event', 15_000);
    expect(statuses.map((s) => s.ok)).toEqual([false, true]);
    await client.call('profiles.saveCommand', { name: 'after the disk was freed', commandLine: 'echo ok' });

    const worktree = (await client.call('threads.get', { threadId })).runs[0]!.worktreePath;
    await writeFile(join(worktree, 'STOP'), '');
    await until(async () => (await client.call('threads.get', { threadId })).runs[0]?.status === 'exited', 'the run to finish');
    await c.stop();
    const text = withDb(data.path, (db) => storedTranscript(db, runId));
    expect(text).toBe(`${counterText(runId, ticksIn(text))}END\r\n`); // every tick, before, during and after
    expect(ticksIn(text)).toBeGreaterThan(ticksIn(whileFull) + 50); // output made while full was kept
  });
});
