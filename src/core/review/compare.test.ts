import { chmod, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitAll, runGit, writeFiles } from '../../../test/helpers/git-fixtures';
import { GitRunner } from '../git/git-runner';
import { compareRuns } from './compare';
import { diffBetweenRuns, readFileVersions, relabel } from './file-versions';
import { BINARY_BYTES, makeRunRepo, type RunRepo } from './test-repos';

const git = new GitRunner();
let fixture: RunRepo | null = null;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = null;
});

/**
 * Three runs with overlapping edits:
 * - shared.txt: run 1 (committed) and run 2 (uncommitted) write the same text, run 3 another.
 * - gone.txt: runs 1 and 3 delete it.  - only2.txt: run 2 alone edits it.
 * - new.txt: untracked in runs 1 and 3 with the same text.  - tool.sh: same text, run 3 also makes it executable.
 */
async function threeRuns(): Promise<RunRepo> {
  fixture = await makeRunRepo({ 'shared.txt': 'base\n', 'gone.txt': 'g\n', 'only2.txt': 'o\n', 'tool.sh': 'echo\n', 'pic.bin': BINARY_BYTES }, 3);
  const [w1, w2, w3] = [fixture.worktree(1), fixture.worktree(2), fixture.worktree(3)];
  await writeFiles(w1, { 'shared.txt': 'agreed\n', 'tool.sh': 'echo hi\n' });
  await rm(path.join(w1, 'gone.txt'));
  await commitAll(w1, 'run 1');
  await writeFiles(w1, { 'new.txt': 'fresh\n' });
  await writeFiles(w2, { 'shared.txt': 'agreed\n', 'only2.txt': 'o2\n', 'pic.bin': Buffer.concat([BINARY_BYTES, BINARY_BYTES]) });
  await writeFiles(w3, { 'shared.txt': 'different\n', 'new.txt': 'fresh\n', 'tool.sh': 'echo hi\n' });
  await chmod(path.join(w3, 'tool.sh'), 0o755);
  await rm(path.join(w3, 'gone.txt'));
  await symlink('shared.txt', path.join(w3, 'alias'));
  return fixture;
}

const RUNS = (f: RunRepo) => [1, 2, 3].map((n) => ({ runId: `run-${n}`, worktreePath: f.worktree(n) }));

describe('compareRuns', () => {
  it('builds the file x run matrix and marks where runs agree and differ', async () => {
    const f = await threeRuns();
    const matrix = await compareRuns(git, RUNS(f), 'main');
    expect(matrix.runs.map((r) => [r.runId, r.files])).toEqual([['run-1', 4], ['run-2', 3], ['run-3', 5]]);
    const row = Object.fromEntries(matrix.files.map((x) => [x.path, x]));
    expect(Object.keys(row)).toEqual(['alias', 'gone.txt', 'new.txt', 'only2.txt', 'pic.bin', 'shared.txt', 'tool.sh']);

    expect(row['shared.txt']).toMatchObject({ touchedBy: 3, agreement: 'differ' });
    expect(row['shared.txt']?.cells).toMatchObject({
      'run-1': { status: 'modified', added: 1, removed: 1, variant: 1 },
      'run-2': { status: 'modified', variant: 1 },
      'run-3': { variant: 2 },
    });
    expect(row['gone.txt']).toMatchObject({ touchedBy: 2, agreement: 'agree' });
    expect(row['gone.txt']?.cells['run-2']).toBeNull();
    expect(row['new.txt']).toMatchObject({ touchedBy: 2, agreement: 'agree' });
    expect(row['new.txt']?.cells['run-1']).toMatchObject({ status: 'added', untracked: true, added: 1 });
    expect(row['only2.txt']).toMatchObject({ touchedBy: 1, agreement: 'single' });
    expect(row['pic.bin']?.cells['run-2']).toMatchObject({ binary: true });
    // Same text, but run 3 also made it executable: a different result.
    expect(row['tool.sh']).toMatchObject({ touchedBy: 2, agreement: 'differ' });
    expect(row['alias']).toMatchObject({ touchedBy: 1, agreement: 'single' });
  });

  it('calls identical content agree whether committed, staged, unstaged or untracked', async () => {
    fixture = await makeRunRepo({ 'a.txt': 'a\n' }, 4);
    const w = [1, 2, 3, 4].map((n) => fixture!.worktree(n));
    for (const wt of w) await writeFiles(wt, { 'a.txt': 'same\n', 'n.txt': 'n\n' });
    await commitAll(w[0]!, 'committed');
    await runGit(w[1]!, ['add', 'a.txt', 'n.txt']);
    await runGit(w[3]!, ['add', 'n.txt']);
    const matrix = await compareRuns(git, [1, 2, 3, 4].map((n) => ({ runId: `r${n}`, worktreePath: fixture!.worktree(n) })), 'main');
    expect(matrix.files.map((x) => [x.path, x.agreement, x.touchedBy])).toEqual([['a.txt', 'agree', 4], ['n.txt', 'agree', 4]]);
  });
});

describe('readFileVersions', () => {
  it('reads the base and each run version, with binary and size caps', async () => {
    const f = await threeRuns();
    const base = (await runGit(f.repo, ['rev-parse', 'main'])).trim();
    const v = await readFileVersions(git, { repoPath: f.repo, baseCommit: base, path: 'shared.txt', runs: RUNS(f) });
    expect(v.base).toMatchObject({ exists: true, content: 'base\n' });
    expect([v.runs['run-1']?.content, v.runs['run-2']?.content, v.runs['run-3']?.content]).toEqual(['agreed\n', 'agreed\n', 'different\n']);

    const gone = await readFileVersions(git, { repoPath: f.repo, baseCommit: base, path: 'gone.txt', runs: RUNS(f) });
    expect([gone.runs['run-1']?.exists, gone.runs['run-2']?.content, gone.base.content]).toEqual([false, 'g\n', 'g\n']);

    const pic = await readFileVersions(git, { repoPath: f.repo, baseCommit: base, path: 'pic.bin', runs: RUNS(f) });
    expect(pic.base).toMatchObject({ binary: true, content: null, size: BINARY_BYTES.length });
    expect(pic.runs['run-2']).toMatchObject({ binary: true, content: null });

    const capped = await readFileVersions(git, { repoPath: f.repo, baseCommit: base, path: 'shared.txt', runs: RUNS(f), maxBytes: 7 });
    expect(capped.base).toMatchObject({ content: 'base\n', tooLarge: false });
    expect(capped.runs['run-3']).toMatchObject({ content: null, tooLarge: true, size: 10 });

    const link = await readFileVersions(git, { repoPath: f.repo, baseCommit: base, path: 'alias', runs: RUNS(f) });
    expect(link.runs['run-3']).toMatchObject({ kind: 'symlink', content: 'shared.txt' });
    expect(link.base.exists).toBe(false);
  });
});

describe('diffBetweenRuns', () => {
  it('diffs one run’s version against another’s, labelled with repository paths', async () => {
    const f = await threeRuns();
    const at = (n: number, p: string) => ({ worktreePath: f.worktree(n), path: p });
    const d = await diffBetweenRuns(git, { fileA: at(1, 'shared.txt'), fileB: at(3, 'shared.txt') });
    expect(d).toMatchObject({ identical: false, binary: false, tooLarge: false });
    expect(d.patch).toMatch(/^diff --git a\/shared\.txt b\/shared\.txt\nindex [0-9a-f]+\.\.[0-9a-f]+ 100644\n--- a\/shared\.txt\n\+\+\+ b\/shared\.txt\n@@ -1 \+1 @@\n-agreed\n\+different\n$/);
    expect(d.patch).not.toContain(f.worktree(1));

    expect(await diffBetweenRuns(git, { fileA: at(1, 'shared.txt'), fileB: at(2, 'shared.txt') })).toMatchObject({ identical: true, patch: null });
    const added = await diffBetweenRuns(git, { fileA: at(2, 'new.txt'), fileB: at(3, 'new.txt') });
    expect(added.patch).toContain('new file mode 100644');
    expect(added.patch).toContain('--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+fresh\n');
    expect(await diffBetweenRuns(git, { fileA: at(1, 'pic.bin'), fileB: at(2, 'pic.bin') })).toMatchObject({ binary: true, patch: null });
    expect(await diffBetweenRuns(git, { fileA: at(1, 'shared.txt'), fileB: at(3, 'shared.txt'), maxBytes: 10 })).toMatchObject({ tooLarge: true, patch: null });
    const mode = await diffBetweenRuns(git, { fileA: at(1, 'tool.sh'), fileB: at(3, 'tool.sh') });
    expect(mode.patch).toBe('diff --git a/tool.sh b/tool.sh\nold mode 100644\nnew mode 100755\n');
  });

  it('quotes labels the way git does', () => {
    const patch = 'diff --git a/x b/y\nindex 1..2 100644\n--- a/x\n+++ b/y\n@@ -1 +1 @@\n-a\n+b\n';
    expect(relabel(patch, 'tab\there', 'q"uote')).toBe(
      'diff --git "a/tab\\there" "b/q\\"uote"\nindex 1..2 100644\n--- "a/tab\\there"\n+++ "b/q\\"uote"\n@@ -1 +1 @@\n-a\n+b\n',
    );
  });
});

