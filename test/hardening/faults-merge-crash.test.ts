// Faults: the app dies (SIGKILL) in the middle of a merge, between computing and publishing and
// between publishing and recording (the merge service's fault seam, in a child process). After the
// next start the base branch is either the old or the new tip, and the merge record agrees.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { FaultPoint } from '../../src/core/faults';
import { useFaultFixtures } from './support/fault-fixtures';
import { withDb } from './support/host-process';

const execFileAsync = promisify(execFile);
const fx = useFaultFixtures();

const git = async (cwd: string, args: string[]) => (await execFileAsync('git', args, { cwd })).stdout.trim();

describe('crash in the middle of a merge', () => {
  it.each([
    ['merge.computed', 'old', 'failed'],
    ['merge.published', 'new', 'published'],
  ] as const)('at %s: after restart the base is at the %s tip and the record says %s', async (point: FaultPoint, side, state) => {
    const { repo, data } = await fx.repoAndData();
    const host = fx.host({ scenario: 'merge', dataDir: data.path, repoPath: repo.path, faultAt: point });
    const { threadId } = await host.waitFor('thread');
    const merging = await host.waitFor('merging');
    await host.waitFor('fault', (e) => e.point === point);
    expect(await host.exited).toBe('SIGKILL');
    // The crash left the intent behind.
    const pending = withDb(data.path, (db) => db.prepare('SELECT state, old_tip AS oldTip, new_tip AS newTip FROM merges').all()) as Array<{ state: string; oldTip: string; newTip: string }>;
    expect(pending).toEqual([{ state: 'pending', oldTip: merging.baseTip, newTip: expect.any(String) as string }]);

    const next = await fx.core(data.path);
    const tip = await git(repo.path, ['rev-parse', 'refs/heads/main']);
    const records = await next.client.call('merge.list', { threadId: threadId as never });
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record.state).toBe(state);
    expect(record.oldTip).toBe(merging.baseTip);
    expect(tip).toBe(side === 'old' ? record.oldTip : record.newTip);
    // The user's checkout (main is checked out there) matches its branch: nothing half-applied.
    expect(await git(repo.path, ['status', '--porcelain'])).toBe('');
    expect(await git(repo.path, ['rev-parse', 'HEAD'])).toBe(tip);
    if (side === 'new') expect(await git(repo.path, ['log', '-1', '--format=%s'])).toBe('Merge the hardening run');
    // And the merge can be done (or undone) from here.
    if (state === 'failed') expect((await next.client.call('merge.run', { runId: merging.runId as never, mode: 'merge', message: 'again' })).kind).toBe('merged');
    else expect((await next.client.call('merge.undo', { mergeId: record.id })).undone).toBe(true);
  });
});
