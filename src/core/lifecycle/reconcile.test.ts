import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGit } from '../../../test/helpers/git-fixtures';
import { git, hashFiles, makeFixture, useCleanup, worktreePaths } from './lifecycle-test-support';
import { reconcileWorktrees, type ReconcileRun } from './reconcile';
import { RunArchiver } from './run-archiver';

const track = useCleanup();

describe('reconcileWorktrees', () => {
  it('reports a worktree folder deleted by hand and drops its stale registration only when a row owns it', async () => {
    const fx = await makeFixture(track);
    const owned = await fx.addRun('aaaa0001aaaa');
    const stranger = await fx.addRun('bbbb0002bbbb');
    await rm(owned.path, { recursive: true, force: true });
    await rm(stranger.path, { recursive: true, force: true });
    const rows: ReconcileRun[] = [{ runId: owned.id, worktreePath: owned.path, branch: owned.branch }];

    const report = await reconcileWorktrees(git, { worktreeRoot: fx.worktreeRoot, repos: [{ repoPath: fx.repo, runs: rows }] });

    expect(report.drift).toEqual([
      expect.objectContaining({ runId: owned.id, kind: 'worktree-missing', path: owned.path }),
      expect.objectContaining({ runId: null, kind: 'unknown-worktree-in-root', path: stranger.path }),
    ]);
    expect(report.pruned).toEqual([{ runId: owned.id, path: owned.path }]);
    expect(await worktreePaths(fx.repo)).toEqual([fx.repo, stranger.path]); // the unowned entry is left alone
    expect((await runGit(fx.repo, ['branch', '--list', owned.branch])).trim()).not.toBe(''); // branch kept, nothing re-created

    // After the prune the run can be restored at its old path.
    const archiver = new RunArchiver({ git, worktreeRoot: fx.worktreeRoot, isOwned: (p) => p === owned.path });
    await archiver.restore({ id: owned.id, repoPath: fx.repo, worktreePath: owned.path, branch: owned.branch, baseBranch: 'main' });
    const again = await reconcileWorktrees(git, { worktreeRoot: fx.worktreeRoot, repos: [{ repoPath: fx.repo, runs: rows }] });
    expect(again.drift.map((d) => d.kind)).toEqual(['unknown-worktree-in-root']);
  });

  it('reports unknown folders in the root and leaves them untouched', async () => {
    const fx = await makeFixture(track);
    const run = await fx.addRun('cccc0003cccc');
    const unknown = path.join(fx.worktreeRoot, 'repo-key', 'left-over');
    await mkdir(path.join(unknown, 'sub'), { recursive: true });
    await writeFile(path.join(unknown, 'sub', 'keep.txt'), 'mine\n');
    const otherRepoDir = path.join(fx.worktreeRoot, 'other-repo', 'run1');
    await mkdir(otherRepoDir, { recursive: true });
    const before = await hashFiles(fx.worktreeRoot);

    const report = await reconcileWorktrees(git, {
      worktreeRoot: fx.worktreeRoot,
      repos: [{ repoPath: fx.repo, runs: [{ runId: run.id, worktreePath: run.path, branch: run.branch }] }],
    });
    expect(report.drift).toEqual([
      expect.objectContaining({ runId: null, kind: 'unknown-worktree-in-root', path: otherRepoDir }),
      expect.objectContaining({ runId: null, kind: 'unknown-worktree-in-root', path: unknown }),
    ]);
    expect(report.pruned).toEqual([]);
    expect(await hashFiles(fx.worktreeRoot)).toEqual(before);
  });

  it('reports missing branches, folders git no longer lists, and unreadable repositories; archived runs are not missing', async () => {
    const fx = await makeFixture(track);
    const archivedPath = path.join(fx.worktreeRoot, 'repo-key', 'archived');
    const strayPath = path.join(fx.worktreeRoot, 'repo-key', 'stray');
    await mkdir(strayPath, { recursive: true });
    const report = await reconcileWorktrees(git, {
      worktreeRoot: fx.worktreeRoot,
      repos: [
        {
          repoPath: fx.repo,
          runs: [
            { runId: 'dddd0004dddd', worktreePath: archivedPath, branch: 'switchyard/gone', archived: true },
            { runId: 'eeee0005eeee', worktreePath: strayPath, branch: 'main' },
          ],
        },
        { repoPath: path.join(fx.repo, 'no-such-repo'), runs: [{ runId: 'ffff0006ffff', worktreePath: '/nowhere/x', branch: 'main' }] },
      ],
    });
    expect(report.drift.map((d) => [d.runId, d.kind])).toEqual([
      ['dddd0004dddd', 'branch-missing'],
      ['eeee0005eeee', 'not-registered'],
      ['ffff0006ffff', 'repo-missing'],
    ]);
    expect(report.pruned).toEqual([]);
  });

  it('does not prune an owned missing worktree that had a detached HEAD (its commits may exist nowhere else)', async () => {
    const fx = await makeFixture(track);
    const run = await fx.addRun('abab0007abab');
    await runGit(run.path, ['checkout', '-q', '--detach']);
    await runGit(run.path, ['commit', '-q', '--allow-empty', '-m', 'only here']);
    await rm(run.path, { recursive: true, force: true });
    const report = await reconcileWorktrees(git, {
      worktreeRoot: fx.worktreeRoot,
      repos: [{ repoPath: fx.repo, runs: [{ runId: run.id, worktreePath: run.path, branch: run.branch }] }],
    });
    expect(report.drift.map((d) => d.kind)).toEqual(['worktree-missing']);
    expect(report.pruned).toEqual([]);
    expect(await worktreePaths(fx.repo)).toEqual([fx.repo, run.path]);
  });
});
