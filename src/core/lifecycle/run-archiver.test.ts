import { chmod, lstat, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll, runGit, writeFiles } from '../../../test/helpers/git-fixtures';
import { caught, git, hashFiles, makeFixture, refExists, revParse, statusOf, useCleanup, worktreePaths } from './lifecycle-test-support';
import { RunArchiver, type RunLocation } from './run-archiver';

const track = useCleanup();
const RUN = 'eeee3333ffff';
const BINARY = Uint8Array.from([0, 159, 146, 150, 0, 255, 10]);
const exists = (p: string) => lstat(p).then(() => true, () => false);

async function setup() {
  const fx = await makeFixture(track);
  const run = await fx.addRun(RUN);
  const owned = new Set([run.path]);
  const archiver = new RunArchiver({ git, worktreeRoot: fx.worktreeRoot, isOwned: (p) => owned.has(p) });
  const loc: RunLocation = { id: RUN, repoPath: fx.repo, worktreePath: run.path, branch: run.branch, baseBranch: 'main' };
  return { fx, run, archiver, loc };
}

describe('RunArchiver', () => {
  it('archives and restores a run with modified, deleted, untracked, binary, executable and symlinked work byte for byte', async () => {
    const { fx, run, archiver, loc } = await setup();
    await writeFiles(run.path, { 'src/a.ts': 'committed on the branch\n' });
    await commitAll(run.path, 'agent commit');
    await writeFiles(run.path, { 'src/a.ts': 'uncommitted edit\n', 'deep/new/file.txt': 'untracked\n', 'blob.bin': BINARY, 'run.sh': '#!/bin/sh\necho hi\n', 'out.log': 'ignored\n' });
    await chmod(path.join(run.path, 'run.sh'), 0o755);
    await symlink('src/a.ts', path.join(run.path, 'link-to-a'));
    await rm(path.join(run.path, 'src/b.ts'));
    const tip = await revParse(run.path, 'HEAD');
    const { ['out.log']: _ignored, ...before } = await hashFiles(run.path);
    const statusBefore = await statusOf(run.path);

    const { backup } = await archiver.archive(loc);
    expect(await exists(run.path)).toBe(false);
    expect(await worktreePaths(fx.repo)).toEqual([fx.repo]);
    expect(await revParse(fx.repo, `refs/heads/${run.branch}`)).toBe(tip);
    expect(await revParse(fx.repo, backup.ref)).toBe(backup.commit);

    const restored = await archiver.restore(loc);
    expect(restored).toEqual({ path: run.path, reappliedWork: true, matchesBackup: true });
    expect(await hashFiles(run.path)).toEqual(before);
    expect(await statusOf(run.path)).toBe(statusBefore);
    expect(await revParse(run.path, 'HEAD')).toBe(tip);
    expect((await runGit(run.path, ['symbolic-ref', 'HEAD'])).trim()).toBe(`refs/heads/${run.branch}`);
    expect(await runGit(fx.repo, ['worktree', 'list', '--porcelain'])).toContain(`locked switchyard run ${RUN}`);
  });

  it('restores a clean archived run on its branch, and refuses to overwrite an existing folder', async () => {
    const { run, archiver, loc } = await setup();
    await archiver.archive(loc);
    expect(await archiver.restore(loc)).toEqual({ path: run.path, reappliedWork: false, matchesBackup: true });
    expect(await statusOf(run.path)).toBe('');
    const err = await caught(archiver.restore(loc));
    expect(err.message).toMatch(/already exists/);
  });

  it('refuses to restore work onto a branch that moved since the backup, creating nothing', async () => {
    const { fx, run, archiver, loc } = await setup();
    await writeFiles(run.path, { 'wip.txt': 'wip\n' });
    await archiver.archive(loc);
    await runGit(fx.repo, ['update-ref', `refs/heads/${run.branch}`, await revParse(fx.repo, `refs/switchyard/backup/${RUN}`)]);
    const err = await caught(archiver.restore(loc));
    expect(err.message).toMatch(/moved since the backup.*refs\/switchyard\/backup\/eeee3333ffff/);
    expect(await exists(run.path)).toBe(false);
    expect(await worktreePaths(fx.repo)).toEqual([fx.repo]);
  });

  it('describes what a delete would lose: modified, untracked and ignored files, and unmerged commits', async () => {
    const { run, archiver, loc } = await setup();
    await writeFiles(run.path, { 'src/a.ts': 'one\n' });
    await commitAll(run.path, 'first agent commit');
    await writeFiles(run.path, { 'src/a.ts': 'two\n', 'notes.md': 'n\n', 'build/out.js': 'x', 'x.log': 'l' });
    const loss = await archiver.describeLoss(loc);
    expect(loss).toMatchObject({
      worktreeExists: true,
      modified: { items: ['src/a.ts'], total: 1 },
      untracked: { items: ['notes.md'], total: 1 },
      ignored: { items: ['build/', 'x.log'], total: 2 },
      backupCommit: null,
    });
    expect(loss.unmergedCommits.total).toBe(1);
    expect(loss.unmergedCommits.items[0]?.subject).toBe('first agent commit');
  });

  it('delete with uncommitted work leaves a backup ref that holds it, and keeps an unmerged branch', async () => {
    const { fx, run, archiver, loc } = await setup();
    await writeFiles(run.path, { 'src/a.ts': 'committed\n' });
    await commitAll(run.path, 'unmerged commit');
    await writeFiles(run.path, { 'src/b.ts': 'uncommitted\n', 'fresh.txt': 'untracked\n' });
    const result = await archiver.deleteRun(loc);
    expect(result.branchDeleted).toBe(false);
    expect(result.message).toMatch(/has commits that main does not, so it was kept/);
    expect(await exists(run.path)).toBe(false);
    const ref = `refs/switchyard/backup/${RUN}`;
    expect(await runGit(fx.repo, ['show', `${ref}:src/b.ts`])).toBe('uncommitted\n');
    expect(await runGit(fx.repo, ['show', `${ref}:fresh.txt`])).toBe('untracked\n');
    expect(await runGit(fx.repo, ['show', `${ref}:src/a.ts`])).toBe('committed\n');
    expect(await refExists(fx.repo, `refs/heads/${run.branch}`)).toBe(true);
  });

  it('delete removes a fully merged branch (compare-and-swap), keeping the backup ref', async () => {
    const { fx, run, archiver, loc } = await setup();
    const result = await archiver.deleteRun(loc);
    expect(result).toMatchObject({ branchDeleted: true });
    expect(await refExists(fx.repo, `refs/heads/${run.branch}`)).toBe(false);
    expect(await revParse(fx.repo, `refs/switchyard/backup/${RUN}`)).toBe(fx.base);
    const again = await archiver.deleteRun(loc);
    expect(again).toMatchObject({ backup: null, branchDeleted: false, message: expect.stringMatching(/already gone/) });
  });

  it('archive refuses a run whose worktree is already gone', async () => {
    const { archiver, loc } = await setup();
    await archiver.archive(loc);
    expect((await caught(archiver.archive(loc))).code).toBe('NOT_FOUND');
  });
});
