import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { commitAll, makeTempDir, makeTempRepo, runGit, writeFiles } from '../../../test/helpers/git-fixtures';
import { parseNumstat, readDiffSummary } from './diff-summary';
import { GitRunner } from './git-runner';

const git = new GitRunner();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x0a, 0x00, 0xff]);

/** A repository with a base branch `main` and a run worktree on its own branch, made with plain git. */
async function setup() {
  const repo = await makeTempRepo({ files: { 'keep.txt': 'k1\nk2\nk3\n', 'edit.txt': 'a\nb\nc\n', 'gone.txt': 'x\ny\n', 'logo.png': BINARY } });
  cleanups.push(repo.cleanup);
  const dir = await makeTempDir();
  cleanups.push(dir.cleanup);
  const wt = path.join(dir.path, 'run wt');
  await runGit(repo.path, ['worktree', 'add', '-q', '-b', 'switchyard/run', wt, 'main']);
  return { repo: repo.path, wt };
}

describe('readDiffSummary', () => {
  it('is empty for an untouched worktree', async () => {
    const { wt } = await setup();
    expect(await readDiffSummary(git, { worktreePath: wt, baseBranch: 'main' })).toEqual({ files: 0, added: 0, removed: 0 });
  });

  it('counts committed changes since the merge-base', async () => {
    const { wt } = await setup();
    await writeFile(path.join(wt, 'edit.txt'), 'a\nB\nc\nd\n'); // +2 -1
    await rm(path.join(wt, 'gone.txt')); // -2
    await commitAll(wt, 'agent work');
    expect(await readDiffSummary(git, { worktreePath: wt, baseBranch: 'main' })).toEqual({ files: 2, added: 2, removed: 3 });
  });

  it('adds uncommitted tracked edits, staged or not', async () => {
    const { wt } = await setup();
    await writeFile(path.join(wt, 'edit.txt'), 'a\nb\nc\nd\n'); // +1, committed
    await commitAll(wt, 'one');
    await writeFile(path.join(wt, 'keep.txt'), 'k1\nk3\n'); // -1, unstaged
    await writeFiles(wt, { 'staged.txt': 's1\ns2\n' }); // +2, staged
    await runGit(wt, ['add', 'staged.txt']);
    expect(await readDiffSummary(git, { worktreePath: wt, baseBranch: 'main' })).toEqual({ files: 3, added: 3, removed: 1 });
  });

  it('counts untracked files with their lines, binary ones as files without lines, and skips ignored files', async () => {
    const { wt } = await setup();
    await writeFiles(wt, {
      'new/one.ts': 'l1\nl2\nl3\n', // 3
      'new/no-newline.txt': 'a\nb', // 2
      'new/empty.txt': '', // 0
      'new/pic.bin': BINARY, // binary: 0
      'ignored.log': 'noise\n'.repeat(100),
      '.gitignore': 'ignored.log\n', // 1
    });
    await symlink('/etc/passwd', path.join(wt, 'new', 'link')); // 1 (the target), never followed
    expect(await readDiffSummary(git, { worktreePath: wt, baseBranch: 'main' })).toEqual({ files: 6, added: 7, removed: 0 });
  });

  it('agrees with git once the untracked files are added with intent-to-add', async () => {
    const { wt } = await setup();
    await writeFiles(wt, { 'edit.txt': 'z\n', 'n1.txt': 'a\nb\nc', 'sub/n2.md': '# t\n\ntext\n', 'logo.png': Buffer.concat([BINARY, BINARY]) });
    await commitAll(wt, 'mixed');
    await writeFiles(wt, { 'u1.txt': 'u\nv\n', 'keep.txt': 'k1\n' });
    const ours = await readDiffSummary(git, { worktreePath: wt, baseBranch: 'main' });
    await runGit(wt, ['add', '-N', 'u1.txt']);
    const mergeBase = (await runGit(wt, ['merge-base', 'main', 'HEAD'])).trim();
    expect(ours).toEqual(parseNumstat(await runGit(wt, ['diff', '--numstat', '-z', mergeBase])));
    expect(ours).toEqual({ files: 6, added: 9, removed: 5 });
  });

  it('counts a rename once, and a binary change as a file with 0/0', async () => {
    const { wt } = await setup();
    await runGit(wt, ['config', 'diff.renames', 'false']); // the summary must not depend on the user's config
    await runGit(wt, ['mv', 'keep.txt', 'kept.txt']);
    await writeFile(path.join(wt, 'logo.png'), Buffer.concat([BINARY, Buffer.from([1, 2, 3])]));
    await commitAll(wt, 'rename');
    expect(await readDiffSummary(git, { worktreePath: wt, baseBranch: 'main' })).toEqual({ files: 2, added: 0, removed: 0 });
  });

  it('ignores what landed on the base branch after the run started', async () => {
    const { repo, wt } = await setup();
    await writeFiles(repo, { 'base-only.txt': '1\n2\n3\n' });
    await commitAll(repo, 'base moves on');
    await writeFiles(wt, { 'run.txt': 'r\n' });
    await commitAll(wt, 'run');
    expect(await readDiffSummary(git, { worktreePath: wt, baseBranch: 'main' })).toEqual({ files: 1, added: 1, removed: 0 });
  });

  it('works while the worktree’s index is locked by an agent, and leaves the lock alone', async () => {
    const { wt } = await setup();
    const gitDir = (await runGit(wt, ['rev-parse', '--absolute-git-dir'])).trim();
    const lock = path.join(gitDir, 'index.lock');
    await writeFile(lock, '');
    await writeFile(path.join(wt, 'edit.txt'), 'a\n');
    const before = await readFile(path.join(gitDir, 'index'));
    expect(await readDiffSummary(git, { worktreePath: wt, baseBranch: 'main' })).toEqual({ files: 1, added: 0, removed: 2 });
    expect(await readFile(lock, 'utf8')).toBe('');
    expect((await readFile(path.join(gitDir, 'index'))).equals(before)).toBe(true);
  });

  it('refuses an unknown base branch with BRANCH_NOT_FOUND', async () => {
    const { wt } = await setup();
    const err = await readDiffSummary(git, { worktreePath: wt, baseBranch: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BRANCH_NOT_FOUND');
  });
});

describe('parseNumstat', () => {
  it('reads plain entries, renames and binary entries', () => {
    const out = ['3\t1\ta.txt', '0\t0\t', 'old name.txt', 'new\tname.txt', '-\t-\tpic.png', ''].join('\0');
    expect(parseNumstat(out)).toEqual({ files: 3, added: 3, removed: 1 });
  });
});
