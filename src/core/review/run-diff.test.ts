import { chmod, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { commitAll, runGit, writeFiles } from '../../../test/helpers/git-fixtures';
import { GitRunner } from '../git/git-runner';
import { parseRawNumstat } from './changes';
import { readFilePatch, readRunDiff, type RunDiffFile } from './run-diff';
import { BINARY_BYTES, makeRunRepo, type RunRepo } from './test-repos';

const git = new GitRunner();
let fixture: RunRepo | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await fixture?.cleanup();
  fixture = null;
});

const BASE_FILES = {
  'edit.txt': 'a\nb\nc\n',
  'dirty.txt': '1\n2\n3\n',
  'gone.txt': 'x\ny\n',
  'move-me.txt': Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n',
  'logo.png': BINARY_BYTES,
  'keep.txt': 'same\n',
  'run.sh': 'echo hi\n',
};

/** A run with every kind of change: committed, staged, unstaged, untracked, binary, renamed, deleted. */
async function mixedRun(): Promise<string> {
  fixture = await makeRunRepo(BASE_FILES);
  const wt = fixture.worktree(1);
  await writeFile(path.join(wt, 'edit.txt'), 'a\nB\nc\nd\n'); // committed: +2 -1
  await rm(path.join(wt, 'gone.txt')); // committed delete: -2
  await runGit(wt, ['mv', 'move-me.txt', 'moved.txt']);
  await writeFile(path.join(wt, 'moved.txt'), (await readFile(path.join(wt, 'moved.txt'), 'utf8')) + 'extra\n'); // rename +1
  await writeFile(path.join(wt, 'logo.png'), Buffer.concat([BINARY_BYTES, BINARY_BYTES])); // binary change
  await commitAll(wt, 'agent work');
  await writeFile(path.join(wt, 'dirty.txt'), '1\n3\n4\n5\n'); // unstaged: +2 -1
  await writeFiles(wt, { 'staged.txt': 's1\ns2\n' }); // staged add: +2
  await runGit(wt, ['add', 'staged.txt']);
  await chmod(path.join(wt, 'run.sh'), 0o755); // mode only
  await writeFiles(wt, {
    'new/one.ts': 'l1\nl2\nl3\n', // untracked +3
    'new/pic.bin': BINARY_BYTES, // untracked binary
    'ignored.log': 'noise\n',
    '.gitignore': 'ignored.log\n', // untracked +1
  });
  await symlink('edit.txt', path.join(wt, 'new', 'link')); // untracked symlink +1
  return wt;
}

const byPath = (files: RunDiffFile[]): Record<string, RunDiffFile> => Object.fromEntries(files.map((f) => [f.path, f]));

describe('readRunDiff', () => {
  it('lists committed, uncommitted and untracked work with statuses and counts', async () => {
    const wt = await mixedRun();
    const diff = await readRunDiff(git, { worktreePath: wt, baseBranch: 'main' });
    const files = byPath(diff.files);
    expect(diff.files.map((f) => f.path)).toEqual([
      '.gitignore', 'dirty.txt', 'edit.txt', 'gone.txt', 'logo.png', 'moved.txt', 'new/link', 'new/one.ts', 'new/pic.bin', 'run.sh', 'staged.txt',
    ]);
    expect(files['edit.txt']).toMatchObject({ status: 'modified', added: 2, removed: 1, binary: false, untracked: false, kind: 'file' });
    expect(files['gone.txt']).toMatchObject({ status: 'deleted', added: 0, removed: 2 });
    expect(files['moved.txt']).toMatchObject({ status: 'renamed', oldPath: 'move-me.txt', added: 1, removed: 0 });
    expect(files['logo.png']).toMatchObject({ status: 'modified', binary: true, added: 0, removed: 0 });
    expect(files['dirty.txt']).toMatchObject({ status: 'modified', added: 2, removed: 1 });
    expect(files['staged.txt']).toMatchObject({ status: 'added', added: 2, untracked: false });
    expect(files['run.sh']).toMatchObject({ status: 'modified', added: 0, removed: 0 });
    expect(files['new/one.ts']).toMatchObject({ status: 'added', untracked: true, added: 3, binary: false });
    expect(files['new/pic.bin']).toMatchObject({ status: 'added', untracked: true, binary: true, added: 0 });
    expect(files['new/link']).toMatchObject({ status: 'added', untracked: true, kind: 'symlink', added: 1 });
    expect(files['ignored.log']).toBeUndefined();
    expect(diff.files.every((f) => !f.tooLarge && f.patchBytes >= 0)).toBe(true);
    expect(files['edit.txt']?.patchBytes).toBe(6 + 8);
  });

  it('matches git diff --numstat for every tracked file', async () => {
    const wt = await mixedRun();
    const diff = await readRunDiff(git, { worktreePath: wt, baseBranch: 'main' });
    const mergeBase = (await runGit(wt, ['merge-base', 'main', 'HEAD'])).trim();
    expect(diff.mergeBase).toBe(mergeBase);
    const numstat = await runGit(wt, ['diff', '--numstat', '-M', mergeBase]);
    const expected = numstat.trim().split('\n').map((line) => {
      const [a = '', r = '', p = ''] = line.split('\t');
      const file = p.includes(' => ') ? 'moved.txt' : p;
      return [file, a === '-' ? 0 : Number(a), r === '-' ? 0 : Number(r)];
    });
    const ours = diff.files.filter((f) => !f.untracked).map((f) => [f.path, f.added, f.removed]);
    expect(ours).toEqual(expected.sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
    expect(diff.added).toBe(diff.files.reduce((n, f) => n + f.added, 0));
  });

  it('ignores what landed on the base branch after the run started', async () => {
    fixture = await makeRunRepo({ 'a.txt': 'a\n' });
    await writeFiles(fixture.repo, { 'base-only.txt': '1\n' });
    await commitAll(fixture.repo, 'base moves on');
    await writeFiles(fixture.worktree(1), { 'run.txt': 'r\n' });
    const diff = await readRunDiff(git, { worktreePath: fixture.worktree(1), baseBranch: 'main' });
    expect(diff.files.map((f) => f.path)).toEqual(['run.txt']);
  });

  it('works on criss-cross history, where git diff --merge-base refuses to pick a merge-base', async () => {
    fixture = await makeRunRepo({ 'a.txt': 'a\n' });
    const wt = fixture.worktree(1);
    await writeFiles(wt, { 'x.txt': 'x\n' });
    const x1 = await commitAll(wt, 'x1');
    await writeFiles(fixture.repo, { 'm.txt': 'm\n' });
    await commitAll(fixture.repo, 'm1');
    await runGit(wt, ['merge', '-q', '--no-edit', 'main']);
    await runGit(fixture.repo, ['merge', '-q', '--no-edit', x1]);
    expect((await runGit(wt, ['merge-base', '--all', 'main', 'HEAD'])).trim().split('\n')).toHaveLength(2);
    await writeFiles(wt, { 'run.txt': 'r\n' });
    const diff = await readRunDiff(git, { worktreePath: wt, baseBranch: 'main' });
    expect(diff.files.map((f) => f.path)).toContain('run.txt');
  });

  it('refuses an unknown or malformed base branch with BRANCH_NOT_FOUND', async () => {
    fixture = await makeRunRepo({ 'a.txt': 'a\n' });
    for (const baseBranch of ['nope', 'main^', 'HEAD~1', '--all']) {
      const err = await readRunDiff(git, { worktreePath: fixture.worktree(1), baseBranch }).catch((e: unknown) => e);
      expect((err as AppError).code).toBe('BRANCH_NOT_FOUND');
    }
  });

  it('reports a 10 MB file as too large, and never produces its patch', async () => {
    fixture = await makeRunRepo({ 'a.txt': 'a\n' });
    const wt = fixture.worktree(1);
    const big = Array.from({ length: 400_000 }, (_, i) => `"package-${i}": "1.0.${i}",`).join('\n');
    expect(big.length).toBeGreaterThan(10_000_000);
    await writeFiles(wt, { 'package-lock.json': big });
    await commitAll(wt, 'lockfile');
    await writeFiles(wt, { 'untracked-dump.txt': big });
    const spy = vi.spyOn(git, 'run');
    const diff = await readRunDiff(git, { worktreePath: wt, baseBranch: 'main' });
    const files = byPath(diff.files);
    expect(files['package-lock.json']).toMatchObject({ tooLarge: true, added: 400_000 });
    expect(files['untracked-dump.txt']).toMatchObject({ tooLarge: true, untracked: true });
    for (const p of ['package-lock.json', 'untracked-dump.txt']) {
      expect(await readFilePatch(git, { worktreePath: wt, mergeBase: diff.mergeBase, path: p })).toMatchObject({ patch: null, tooLarge: true, binary: false });
    }
    const patchCalls = spy.mock.calls.filter(([args]) => args.includes('diff') && !args.includes('--numstat'));
    expect(patchCalls).toEqual([]);
    // With a cap above its size, the same file's patch is produced.
    const loaded = await readFilePatch(git, { worktreePath: wt, mergeBase: diff.mergeBase, path: 'package-lock.json', maxBytes: 30 * 1024 * 1024 });
    expect(loaded.patch?.length).toBeGreaterThan(10_000_000);
  });
});

describe('readFilePatch', () => {
  it('produces a unified patch for each kind of change', async () => {
    const wt = await mixedRun();
    const { mergeBase, files } = await readRunDiff(git, { worktreePath: wt, baseBranch: 'main' });
    const patch = async (p: string) => {
      const f = files.find((x) => x.path === p);
      return readFilePatch(git, { worktreePath: wt, mergeBase, path: p, ...(f?.oldPath ? { oldPath: f.oldPath } : {}) });
    };
    expect((await patch('edit.txt')).patch).toContain('@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n');
    expect((await patch('dirty.txt')).patch).toContain('-2\n');
    expect((await patch('gone.txt')).patch).toContain('deleted file mode 100644');
    const moved = (await patch('moved.txt')).patch ?? '';
    expect(moved).toContain('rename from move-me.txt\nrename to moved.txt');
    expect(moved).toContain('+extra');
    expect(await patch('logo.png')).toMatchObject({ patch: null, binary: true, tooLarge: false });
    expect((await patch('staged.txt')).patch).toContain('new file mode 100644');
    expect((await patch('run.sh')).patch).toContain('old mode 100644\nnew mode 100755');
    const untracked = (await patch('new/one.ts')).patch ?? '';
    expect(untracked).toContain('diff --git a/new/one.ts b/new/one.ts\nnew file mode 100644');
    expect(untracked).toContain('--- /dev/null\n+++ b/new/one.ts\n@@ -0,0 +1,3 @@\n+l1\n+l2\n+l3\n');
    expect(await patch('new/pic.bin')).toMatchObject({ patch: null, binary: true });
    expect((await patch('new/link')).patch).toContain('new file mode 120000');
    expect((await patch('keep.txt')).patch).toBeNull();
  });

  it('shows a file removed from the index but left on disk as both halves', async () => {
    fixture = await makeRunRepo({ 'a.txt': 'one\ntwo\n' });
    const wt = fixture.worktree(1);
    await runGit(wt, ['rm', '-q', '--cached', 'a.txt']);
    await writeFile(path.join(wt, 'a.txt'), 'one\nthree\n');
    const { mergeBase, files } = await readRunDiff(git, { worktreePath: wt, baseBranch: 'main' });
    expect(files).toEqual([expect.objectContaining({ path: 'a.txt', status: 'modified', untracked: true, added: 2, removed: 2 })]);
    const { patch } = await readFilePatch(git, { worktreePath: wt, mergeBase, path: 'a.txt' });
    expect(patch).toContain('deleted file mode');
    expect(patch).toContain('+three');
  });

  it('refuses paths outside the worktree and malformed merge-bases', async () => {
    fixture = await makeRunRepo({ 'a.txt': 'a\n' });
    const wt = fixture.worktree(1);
    const { mergeBase } = await readRunDiff(git, { worktreePath: wt, baseBranch: 'main' });
    await symlink('/etc', path.join(wt, 'escape'));
    for (const p of ['../x', '/etc/passwd', '.git/config', 'escape/passwd', 'a/../../b']) {
      const err = await readFilePatch(git, { worktreePath: wt, mergeBase, path: p }).catch((e: unknown) => e);
      expect(err, p).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('INVALID_INPUT');
    }
    const err = await readFilePatch(git, { worktreePath: wt, mergeBase: 'HEAD', path: 'a.txt' }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('INVALID_INPUT');
  });
});

describe('parseRawNumstat', () => {
  it('pairs raw records with numstat records, renames and tabs in names included', () => {
    const z = '0'.repeat(40);
    const out = [
      `:100644 100644 ${'1'.repeat(40)} ${z} M`, 'a.txt',
      `:100644 100644 ${'2'.repeat(40)} ${'3'.repeat(40)} R090`, 'old name.txt', 'new\tname.txt',
      '3\t1\ta.txt', '0\t0\t', 'old name.txt', 'new\tname.txt', '',
    ].join('\0');
    expect(parseRawNumstat(out)).toEqual([
      expect.objectContaining({ path: 'a.txt', status: 'modified', added: 3, removed: 1, newBlob: z }),
      expect.objectContaining({ path: 'new\tname.txt', oldPath: 'old name.txt', status: 'renamed', added: 0, removed: 0, binary: false }),
    ]);
  });
});
