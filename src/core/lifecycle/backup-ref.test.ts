import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { makeTempDir, runGit, writeFiles } from '../../../test/helpers/git-fixtures';
import { backupRefName, snapshotRun, snapshotWork } from './backup-ref';
import { caught, git, hashFiles, makeFixture, revParse, statusOf, useCleanup } from './lifecycle-test-support';

const track = useCleanup();
const RUN = 'aaaa1111bbbb';
const BINARY = Uint8Array.from([0, 1, 2, 255, 254, 0, 10, 13, 0, 128]);

async function indexHash(wt: string): Promise<string> {
  const indexFile = (await runGit(wt, ['rev-parse', '--path-format=absolute', '--git-path', 'index'])).trim();
  return createHash('sha256').update(await readFile(indexFile)).digest('hex');
}

describe('snapshotRun', () => {
  it('captures modified, deleted, untracked and binary files, not ignored ones, and leaves the worktree exactly as it was', async () => {
    const fx = await makeFixture(track);
    const run = await fx.addRun(RUN);
    await writeFiles(run.path, { 'src/a.ts': 'export const a = 2;\n', 'new/untracked.txt': 'fresh\n', 'img.bin': BINARY, 'debug.log': 'ignored\n' });
    await rm(path.join(run.path, 'src/b.ts'));
    await writeFile(path.join(run.path, 'README.md'), 'staged change\n');
    await runGit(run.path, ['add', 'README.md']);
    const beforeFiles = await hashFiles(run.path);
    const beforeStatus = await statusOf(run.path);
    const beforeIndex = await indexHash(run.path);

    const snap = await snapshotRun(git, { repoPath: fx.repo, worktreePath: run.path, runId: RUN, message: 'Before archiving' });

    expect(snap).toMatchObject({ ref: `refs/switchyard/backup/${RUN}`, tip: fx.base, hadUncommitted: true });
    expect(await revParse(fx.repo, snap.ref)).toBe(snap.commit);
    expect(await revParse(fx.repo, `${snap.commit}^1`)).toBe(fx.base);
    expect(await hashFiles(run.path)).toEqual(beforeFiles);
    expect(await statusOf(run.path)).toBe(beforeStatus);
    expect(await indexHash(run.path)).toBe(beforeIndex);

    const names = (await runGit(fx.repo, ['ls-tree', '-r', '--name-only', snap.commit])).split('\n').filter(Boolean).sort();
    expect(names).toEqual(['.gitignore', 'README.md', 'img.bin', 'new/untracked.txt', 'src/a.ts']);
    expect(await runGit(fx.repo, ['log', '-1', '--format=%an <%ae>%n%B', snap.commit])).toContain('Switchyard <switchyard@localhost.invalid>\nBefore archiving');

    // Checking the snapshot's tree out elsewhere reproduces the work byte for byte (minus the ignored file).
    const elsewhere = await track(makeTempDir());
    const copy = path.join(elsewhere.path, 'copy');
    await runGit(fx.repo, ['worktree', 'add', '--detach', copy, snap.commit]);
    const { ['debug.log']: ignored, ...expected } = beforeFiles;
    expect(ignored).toBeDefined();
    expect(await hashFiles(copy)).toEqual(expected);
    expect(await snapshotWork(git, fx.repo, snap.commit)).toEqual({ tip: fx.base, tree: await revParse(fx.repo, `${snap.commit}^{tree}`) });
  });

  it('points the ref at the tip when the worktree is clean, and reuses an identical snapshot', async () => {
    const fx = await makeFixture(track);
    const run = await fx.addRun(RUN);
    await writeFiles(run.path, { 'debug.log': 'only ignored files\n' });
    const first = await snapshotRun(git, { repoPath: fx.repo, worktreePath: run.path, runId: RUN, message: 'x' });
    expect(first).toMatchObject({ commit: fx.base, tip: fx.base, hadUncommitted: false });
    expect(await snapshotWork(git, fx.repo, first.commit)).toBeNull();

    await writeFiles(run.path, { 'notes.md': 'wip\n' });
    const second = await snapshotRun(git, { repoPath: fx.repo, worktreePath: run.path, runId: RUN, message: 'x' });
    const third = await snapshotRun(git, { repoPath: fx.repo, worktreePath: run.path, runId: RUN, message: 'x' });
    expect(second.hadUncommitted).toBe(true);
    expect(third.commit).toBe(second.commit);
  });

  it('keeps earlier snapshots reachable through second parents, without reflogs', async () => {
    const fx = await makeFixture(track);
    const run = await fx.addRun(RUN);
    await writeFiles(run.path, { 'src/a.ts': 'first attempt\n' });
    const first = await snapshotRun(git, { repoPath: fx.repo, worktreePath: run.path, runId: RUN, message: 'one' });
    await runGit(run.path, ['checkout', '--', 'src/a.ts']);
    const clean = await snapshotRun(git, { repoPath: fx.repo, worktreePath: run.path, runId: RUN, message: 'two' });
    expect(clean.hadUncommitted).toBe(false);
    expect(clean.commit).not.toBe(fx.base); // a clean tip would drop the first snapshot
    expect(await revParse(fx.repo, `${clean.commit}^{tree}`)).toBe(await revParse(fx.repo, `${fx.base}^{tree}`));
    expect(await revParse(fx.repo, `${clean.commit}^2`)).toBe(first.commit);

    await writeFiles(run.path, { 'src/a.ts': 'committed\n' });
    await runGit(run.path, ['commit', '-qam', 'work']);
    await writeFiles(run.path, { 'src/b.ts': 'second attempt\n' });
    const third = await snapshotRun(git, { repoPath: fx.repo, worktreePath: run.path, runId: RUN, message: 'three' });
    await runGit(fx.repo, ['reflog', 'expire', '--expire=now', '--all']);
    await runGit(fx.repo, ['-c', 'gc.pruneExpire=now', 'gc', '-q', '--prune=now']);
    await runGit(fx.repo, ['merge-base', '--is-ancestor', first.commit, third.ref]);
    expect(await runGit(fx.repo, ['show', `${first.commit}:src/a.ts`])).toBe('first attempt\n');
  });

  it('captures a file force-added although ignored', async () => {
    const fx = await makeFixture(track);
    const run = await fx.addRun(RUN);
    await writeFiles(run.path, { 'secret.log': 'keep me\n' });
    await runGit(run.path, ['add', '-f', 'secret.log']);
    const snap = await snapshotRun(git, { repoPath: fx.repo, worktreePath: run.path, runId: RUN, message: 'x' });
    expect(await runGit(fx.repo, ['show', `${snap.commit}:secret.log`])).toBe('keep me\n');
  });

  it('works without any user identity configured', async () => {
    const fx = await makeFixture(track);
    const run = await fx.addRun(RUN);
    await runGit(fx.repo, ['config', '--unset', 'user.name']);
    await runGit(fx.repo, ['config', '--unset', 'user.email']);
    vi.stubEnv('GIT_CONFIG_GLOBAL', '/dev/null');
    vi.stubEnv('GIT_CONFIG_NOSYSTEM', '1');
    try {
      await writeFiles(run.path, { 'x.txt': 'x\n' });
      const snap = await snapshotRun(git, { repoPath: fx.repo, worktreePath: run.path, runId: RUN, message: 'x' });
      expect(snap.hadUncommitted).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('does not need the worktree\'s index lock, so an agent holding it does not block a snapshot', async () => {
    const fx = await makeFixture(track);
    const run = await fx.addRun(RUN);
    await writeFiles(run.path, { 'wip.txt': 'wip\n' });
    const lock = `${(await runGit(run.path, ['rev-parse', '--path-format=absolute', '--git-path', 'index'])).trim()}.lock`;
    await writeFile(lock, '');
    const snap = await snapshotRun(git, { repoPath: fx.repo, worktreePath: run.path, runId: RUN, message: 'x' });
    expect(await runGit(fx.repo, ['show', `${snap.commit}:wip.txt`])).toBe('wip\n');
    expect(await readFile(lock, 'utf8')).toBe(''); // still there, untouched
  });

  it('refuses ids that are not run ids', async () => {
    expect(() => backupRefName('../../heads/main')).toThrow(/not a run id/);
    const fx = await makeFixture(track);
    const run = await fx.addRun(RUN);
    expect((await caught(snapshotRun(git, { repoPath: fx.repo, worktreePath: run.path, runId: 'HEAD', message: 'x' }))).code).toBe('INVALID_INPUT');
  });
});
