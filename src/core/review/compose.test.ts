import { createHash } from 'node:crypto';
import { chmod, lstat, readdir, readFile, readlink, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppError } from '../../shared/errors';
import { commitAll, runGit, writeFiles } from '../../../test/helpers/git-fixtures';
import { GitRunner } from '../git/git-runner';
import { composeBranch } from './compose';
import { parsePatch, selectHunks } from './hunks';
import { makeRunRepo, type RunRepo } from './test-repos';
import { failure } from '../../../test/helpers/rejection';

const git = new GitRunner();
let fixture: RunRepo | null = null;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = null;
});

const lines = (from: number, to: number, edit: Record<number, string> = {}) =>
  Array.from({ length: to - from + 1 }, (_, i) => edit[from + i] ?? `line ${from + i}`).join('\n') + '\n';

/** Every file under dir (but .git) with its mode and content hash, plus the worktree's index bytes and HEAD. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const name of await readdir(path.join(dir, rel))) {
      if (name === '.git') continue;
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = await lstat(path.join(dir, r));
      if (st.isDirectory()) await walk(r);
      else if (st.isSymbolicLink()) out[r] = `link ${await readlink(path.join(dir, r))}`;
      else out[r] = `${st.mode.toString(8)} ${createHash('sha1').update(await readFile(path.join(dir, r))).digest('hex')}`;
    }
  };
  await walk('');
  const index = (await runGit(dir, ['rev-parse', '--path-format=absolute', '--git-path', 'index'])).trim();
  out['<index>'] = createHash('sha1').update(await readFile(index)).digest('hex');
  out['<HEAD>'] = (await runGit(dir, ['rev-parse', 'HEAD'])).trim();
  out['<status>'] = await runGit(dir, ['status', '--porcelain', '--untracked-files=all'], { GIT_OPTIONAL_LOCKS: '0' });
  return out;
}

async function twoRuns(): Promise<{ f: RunRepo; base: string }> {
  const f = await makeRunRepo({ 'a.txt': 'a0\n', 'b.txt': 'b0\n', 'c.txt': 'c0\n', 'gone.txt': 'g\n', 'long.txt': lines(1, 30) }, 2);
  fixture = f;
  const base = (await runGit(f.repo, ['rev-parse', 'main'])).trim();
  const [w1, w2] = [f.worktree(1), f.worktree(2)];
  await writeFiles(w1, { 'a.txt': 'a1\n', 'long.txt': lines(1, 30, { 2: 'first run 1', 28: 'last run 1' }) });
  await commitAll(w1, 'run 1');
  await rm(path.join(w1, 'gone.txt')); // uncommitted delete
  await writeFiles(w2, { 'c.txt': 'c2\n' });
  await commitAll(w2, 'run 2');
  await writeFiles(w2, { 'b.txt': 'b2 uncommitted\n', 'new/tool.sh': '#!/bin/sh\necho new\n', 'long.txt': lines(1, 30, { 15: 'middle run 2' }) });
  await chmod(path.join(w2, 'new/tool.sh'), 0o755);
  await symlink('a.txt', path.join(w2, 'alias'));
  return { f, base };
}

describe('composeBranch', () => {
  it('builds a branch from files of two runs and leaves every worktree untouched', async () => {
    const { f, base } = await twoRuns();
    const [w1, w2] = [f.worktree(1), f.worktree(2)];
    const run2Commit = (await runGit(w2, ['rev-parse', 'HEAD'])).trim();
    const before = await Promise.all([f.repo, w1, w2].map(snapshot));
    const result = await composeBranch(git, {
      repoPath: f.repo,
      baseCommit: base,
      branch: 'switchyard/composed',
      message: 'Composed from runs 1 and 2',
      picks: [
        { path: 'a.txt', fromWorktree: w1 },
        { path: 'gone.txt', fromWorktree: w1 },
        { path: 'b.txt', fromWorktree: w2 },
        { path: 'new/tool.sh', fromWorktree: w2 },
        { path: 'alias', fromWorktree: w2 },
        { path: 'c.txt', fromCommit: run2Commit },
      ],
    });
    expect(await Promise.all([f.repo, w1, w2].map(snapshot))).toEqual(before);

    expect((await runGit(f.repo, ['rev-parse', 'switchyard/composed'])).trim()).toBe(result.commit);
    expect((await runGit(f.repo, ['rev-parse', `${result.commit}^`])).trim()).toBe(base);
    expect((await runGit(f.repo, ['cat-file', 'commit', result.commit])).endsWith('\n\nComposed from runs 1 and 2\n')).toBe(true);
    const tree = await runGit(f.repo, ['ls-tree', '-r', '--format=%(objectmode) %(path)', result.commit]);
    expect(tree.trim().split('\n')).toEqual(['100644 a.txt', '120000 alias', '100644 b.txt', '100644 c.txt', '100644 long.txt', '100755 new/tool.sh']);
    const show = (p: string) => runGit(f.repo, ['show', `${result.commit}:${p}`]);
    expect(await Promise.all(['a.txt', 'alias', 'b.txt', 'c.txt', 'long.txt', 'new/tool.sh'].map(show))).toEqual([
      'a1\n', 'a.txt', 'b2 uncommitted\n', 'c2\n', lines(1, 30), '#!/bin/sh\necho new\n',
    ]);
  });

  it('takes chosen hunks of one file from two runs', async () => {
    const { f, base } = await twoRuns();
    const result = await composeBranch(git, {
      repoPath: f.repo,
      baseCommit: base,
      branch: 'hunks',
      message: 'hunks',
      picks: [
        { path: 'long.txt', fromWorktree: f.worktree(1), hunks: [1] }, // run 1's second hunk only (line 28)
        { path: 'long.txt', fromWorktree: f.worktree(2), hunks: [0] }, // run 2's only hunk (line 15, uncommitted)
      ],
    });
    expect(await runGit(f.repo, ['show', `${result.commit}:long.txt`])).toBe(lines(1, 30, { 15: 'middle run 2', 28: 'last run 1' }));
  });

  it('refuses an existing branch, bad picks and hunks that do not exist, creating nothing', async () => {
    const { f, base } = await twoRuns();
    const w1 = f.worktree(1);
    const refsBefore = await runGit(f.repo, ['for-each-ref']);
    const attempt = (over: Partial<Parameters<typeof composeBranch>[1]>) =>
      failure<AppError>(composeBranch(git, { repoPath: f.repo, baseCommit: base, branch: 'x', message: 'm', picks: [{ path: 'a.txt', fromWorktree: w1 }], ...over }));
    expect((await attempt({ branch: 'run-1' })).message).toBe('A branch named run-1 already exists; choose another name.');
    expect((await attempt({ branch: 'bad..name' })).code).toBe('INVALID_INPUT');
    expect((await attempt({ picks: [] })).code).toBe('INVALID_INPUT');
    expect((await attempt({ picks: [{ path: '../escape', fromWorktree: w1 }] })).code).toBe('INVALID_INPUT');
    expect((await attempt({ picks: [{ path: 'a.txt', fromWorktree: w1 }, { path: 'a.txt', fromWorktree: f.worktree(2) }] })).code).toBe('INVALID_INPUT');
    expect((await attempt({ picks: [{ path: 'long.txt', fromWorktree: w1, hunks: [5] }] })).message).toBe('long.txt has 2 hunks; there is no hunk 6.');
    expect((await attempt({ baseCommit: 'main' })).code).toBe('INVALID_INPUT');
    expect((await attempt({ message: '  ' })).code).toBe('INVALID_INPUT');
    expect(await runGit(f.repo, ['for-each-ref'])).toBe(refsBefore);
  });
});

describe('selectHunks', () => {
  it('shifts the new-side start of later hunks by the growth of hunks left out', () => {
    const patch = [
      'diff --git a/f b/f', 'index 1..2 100644', '--- a/f', '+++ b/f',
      '@@ -1,2 +1,4 @@ ctx', ' a', '+x', '+y', ' b',
      '@@ -10,2 +12,2 @@', ' j', '-k', '+K',
      '',
    ].join('\n');
    const parsed = parsePatch(patch, 'f');
    expect(parsed.hunks.map((h) => [h.oldStart, h.newStart, h.section])).toEqual([[1, 1, ' ctx'], [10, 12, '']]);
    expect(selectHunks(parsed, [1], 'f')).toBe('diff --git a/f b/f\nindex 1..2 100644\n--- a/f\n+++ b/f\n@@ -10,2 +10,2 @@\n j\n-k\n+K\n');
  });
});

