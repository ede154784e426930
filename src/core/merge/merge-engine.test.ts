import { chmod, lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGit, writeFiles } from '../../../test/helpers/git-fixtures';
import { caught, git, revParse, statusOf, useCleanup } from '../lifecycle/lifecycle-test-support';
import { merge, undoMerge, type MergeRequest } from './merge-engine';
import { checkoutState, commitIn, commitOnMain, fileAt, makeMergeFixture, parentsOf, RUN_BRANCH, type MergeFixture } from './merge-test-support';

const track = useCleanup();
const request = (fx: MergeFixture, over: Partial<MergeRequest> = {}): MergeRequest => ({
  repoPath: fx.repo, baseBranch: 'main', runBranch: RUN_BRANCH, mode: 'merge', message: 'Fix the parser\n\nFrom run 1.', ...over,
});
const AGENT_ENV = { GIT_AUTHOR_NAME: 'Agent Smith', GIT_AUTHOR_EMAIL: 'agent@example.invalid', GIT_AUTHOR_DATE: '1700000000 +0230' };

/** Run edits a.ts and adds new.ts in two commits; main edits b.ts: a clean merge either way. */
async function diverge(fx: MergeFixture): Promise<{ run1: string; run2: string; baseTip: string }> {
  const run1 = await commitIn(fx.runWt, { 'src/a.ts': 'A1\na2\na3\n' }, 'run: first\n\nbody line', AGENT_ENV);
  const run2 = await commitIn(fx.runWt, { 'src/new.ts': 'new\n' }, 'run: second', { ...AGENT_ENV, GIT_AUTHOR_DATE: '1700000100 -0500' });
  const baseTip = await commitOnMain(fx, { 'src/b.ts': 'B1\n' }, 'base: edit b');
  return { run1, run2, baseTip };
}

describe('merge (base branch checked out nowhere: compare-and-swap update-ref)', () => {
  it('merge mode writes a two-parent commit with both sides, and the checkout is untouched', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: false });
    const { run2, baseTip } = await diverge(fx);
    const before = await checkoutState(fx.repo);
    const result = await merge(git, request(fx));
    expect(result).toMatchObject({ kind: 'merged', oldTip: baseTip, mode: 'merge', checkout: null });
    if (result.kind !== 'merged') return;
    expect(await revParse(fx.repo, 'refs/heads/main')).toBe(result.newTip);
    expect(await parentsOf(fx.repo, result.newTip)).toEqual([baseTip, run2]);
    expect(await fileAt(fx.repo, result.newTip, 'src/a.ts')).toBe('A1\na2\na3\n');
    expect(await fileAt(fx.repo, result.newTip, 'src/b.ts')).toBe('B1\n');
    expect(await fileAt(fx.repo, result.newTip, 'src/new.ts')).toBe('new\n');
    expect(await runGit(fx.repo, ['log', '-1', '--format=%B%an', result.newTip])).toBe('Fix the parser\n\nFrom run 1.\nSwitchyard Test\n');
    expect({ ...(before as object), main: result.newTip }).toEqual(await checkoutState(fx.repo));
  });

  it('squash writes one commit on the base with the run\'s changes', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: false });
    const { baseTip } = await diverge(fx);
    const result = await merge(git, request(fx, { mode: 'squash', message: 'Squashed' }));
    if (result.kind !== 'merged') throw new Error(JSON.stringify(result));
    expect(await parentsOf(fx.repo, result.newTip)).toEqual([baseTip]);
    expect(await runGit(fx.repo, ['diff', '--name-only', baseTip, result.newTip])).toBe('src/a.ts\nsrc/new.ts\n');
    expect((await runGit(fx.repo, ['log', '-1', '--format=%s', result.newTip])).trim()).toBe('Squashed');
  });

  it('rebase replays each run commit onto the base, keeping author, date and message', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: false });
    const { run1, run2, baseTip } = await diverge(fx);
    const result = await merge(git, request(fx, { mode: 'rebase' }));
    if (result.kind !== 'merged') throw new Error(JSON.stringify(result));
    const [second, first] = (await runGit(fx.repo, ['rev-list', `${baseTip}..${result.newTip}`])).trim().split('\n');
    expect(await parentsOf(fx.repo, first ?? '')).toEqual([baseTip]);
    expect(await parentsOf(fx.repo, second ?? '')).toEqual([first]);
    const fmt = ['log', '-1', '--format=%an|%ae|%ad|%cn|%B', '--date=raw'];
    expect(await runGit(fx.repo, [...fmt, first ?? ''])).toBe('Agent Smith|agent@example.invalid|1700000000 +0230|Switchyard Test|run: first\n\nbody line\n\n');
    expect(await runGit(fx.repo, [...fmt, second ?? ''])).toBe('Agent Smith|agent@example.invalid|1700000100 -0500|Switchyard Test|run: second\n\n');
    expect(await fileAt(fx.repo, result.newTip, 'src/b.ts')).toBe('B1\n');
    expect(await revParse(fx.repo, RUN_BRANCH)).toBe(run2); // the run branch itself is not rewritten
    expect(run1).not.toBe(first);
  });

  it('rebase of a run whose base has not moved is a fast-forward to the run\'s own commits', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: false });
    const run = await commitIn(fx.runWt, { 'src/a.ts': 'x\n' }, 'run');
    expect(await merge(git, request(fx, { mode: 'rebase' }))).toMatchObject({ kind: 'merged', oldTip: fx.fork, newTip: run });
  });

  it('lists conflicting files and changes nothing (all modes)', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: false });
    await commitIn(fx.runWt, { 'src/a.ts': 'run\na2\na3\n', 'src/b.ts': 'run b\n' }, 'run');
    const baseTip = await commitOnMain(fx, { 'src/a.ts': 'base\na2\na3\n', 'src/b.ts': 'base b\n' }, 'base');
    for (const mode of ['merge', 'squash', 'rebase'] as const) {
      const result = await merge(git, request(fx, { mode }));
      expect(result).toMatchObject({ kind: 'conflict', files: ['src/a.ts', 'src/b.ts'] });
      if (mode === 'rebase') expect(result).toMatchObject({ atCommit: await revParse(fx.repo, RUN_BRANCH) });
      expect(await revParse(fx.repo, 'refs/heads/main')).toBe(baseTip);
    }
  });

  it('reports base-moved when the base moves between compute and publish, and loses nothing', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: false });
    await diverge(fx);
    let moved = '';
    const result = await merge(git, request(fx), {
      onComputed: async () => {
        moved = await commitOnMain(fx, { 'other.txt': 'someone else\n' }, 'concurrent commit');
      },
    });
    expect(result).toMatchObject({ kind: 'base-moved', actual: moved });
    expect(await revParse(fx.repo, 'refs/heads/main')).toBe(moved);
    expect(await merge(git, request(fx, { expectedBaseTip: moved }))).toMatchObject({ kind: 'merged', oldTip: moved });
  });

  it('reports base-moved when the base is not at the tip the user reviewed; nothing-to-merge when there is nothing', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: false });
    expect(await merge(git, request(fx))).toMatchObject({ kind: 'nothing-to-merge', oldTip: fx.fork });
    await diverge(fx);
    const result = await merge(git, request(fx, { expectedBaseTip: fx.fork }));
    expect(result).toMatchObject({ kind: 'base-moved', expected: fx.fork });
    expect(result.kind === 'base-moved' && result.message).toMatch(/Nothing was changed/);
  });

  it('reports REPO_BUSY when another process holds the base ref lock, changes nothing, and works once it is released', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: false });
    const { baseTip } = await diverge(fx);
    const lock = path.join(fx.repo, '.git', 'refs', 'heads', 'main.lock');
    await writeFile(lock, '');
    expect((await caught(merge(git, request(fx)))).code).toBe('REPO_BUSY');
    expect(await revParse(fx.repo, 'refs/heads/main')).toBe(baseTip);
    expect(await readFile(lock, 'utf8')).toBe(''); // never deleted by the app
    await rm(lock);
    expect(await merge(git, request(fx))).toMatchObject({ kind: 'merged', oldTip: baseTip });
  });

  it('refuses bad input before touching anything', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: false });
    expect((await caught(merge(git, request(fx, { message: '  ' })))).code).toBe('INVALID_INPUT');
    expect((await caught(merge(git, request(fx, { runBranch: '--upload-pack=x' })))).code).toBe('INVALID_INPUT');
    expect((await caught(merge(git, request(fx, { runBranch: 'main' })))).code).toBe('INVALID_INPUT');
    expect((await caught(merge(git, request(fx, { runBranch: 'nope' })))).code).toBe('BRANCH_NOT_FOUND');
  });
});

describe('merge (base branch checked out in the user\'s checkout: ff-only when safe)', () => {
  it('fast-forwards a clean checkout to the merge, leaving unrelated untracked and ignored files alone', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: true });
    await diverge(fx);
    await writeFiles(fx.repo, { 'scratch.txt': 'my notes\n', 'debug.log': 'ignored\n' });
    await mkdir(path.join(fx.repo, '.git', 'hooks'), { recursive: true });
    const hook = path.join(fx.repo, '.git', 'hooks', 'post-merge');
    await writeFile(hook, `#!/bin/sh\ntouch "${path.join(fx.repo, 'HOOK-RAN')}"\n`);
    await chmod(hook, 0o755);
    const result = await merge(git, request(fx));
    if (result.kind !== 'merged') throw new Error(JSON.stringify(result));
    expect(result.checkout).toBe(fx.repo);
    expect(await revParse(fx.repo, 'HEAD')).toBe(result.newTip);
    expect(await readFile(path.join(fx.repo, 'src/new.ts'), 'utf8')).toBe('new\n');
    expect(await statusOf(fx.repo)).toBe('?? scratch.txt\0');
    expect(await readFile(path.join(fx.repo, 'debug.log'), 'utf8')).toBe('ignored\n');
    expect(await lstat(path.join(fx.repo, 'HOOK-RAN')).catch(() => null)).toBeNull();
  });

  it('refuses a dirty checkout with a sentence saying what to do, and every file stays byte-identical', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: true });
    const { baseTip } = await diverge(fx);
    await writeFiles(fx.repo, { 'README.md': 'local edit\n', 'src/b.ts': 'staged edit\n' });
    await runGit(fx.repo, ['add', 'src/b.ts']);
    const before = await checkoutState(fx.repo);
    const result = await merge(git, request(fx));
    expect(result).toMatchObject({ kind: 'dirty-checkout', reason: 'uncommitted-changes', path: fx.repo, files: ['README.md', 'src/b.ts'] });
    expect(result.kind === 'dirty-checkout' && result.message).toMatch(/Commit or stash them there .* then merge again\. Nothing was changed\./);
    expect(await checkoutState(fx.repo)).toEqual(before);
    expect(await revParse(fx.repo, 'refs/heads/main')).toBe(baseTip);
  });

  it('refuses when an untracked or ignored file is where the fast-forward would write', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: true });
    await diverge(fx);
    await commitIn(fx.runWt, { 'notes.log': 'tracked by the run\n' }, 'run adds a file the base ignores').catch(async () => {
      await runGit(fx.runWt, ['add', '-f', 'notes.log']);
      await runGit(fx.runWt, ['commit', '-qm', 'force-add']);
    });
    await writeFiles(fx.repo, { 'src/new.ts': 'my own untracked file\n', 'notes.log': 'my ignored log\n' });
    const before = await checkoutState(fx.repo);
    const result = await merge(git, request(fx));
    expect(result).toMatchObject({ kind: 'dirty-checkout', reason: 'untracked-in-the-way', files: ['notes.log', 'src/new.ts'] });
    expect(result.kind === 'dirty-checkout' && result.message).toMatch(/Move, delete or commit them, then merge again/);
    expect(await checkoutState(fx.repo)).toEqual(before);
  });

  it('refuses a file where the merge needs a folder, and a checkout in the middle of a merge', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: true });
    await commitIn(fx.runWt, { 'docs/guide.md': 'guide\n' }, 'run adds docs/');
    await writeFiles(fx.repo, { docs: 'a file named docs\n' });
    expect(await merge(git, request(fx))).toMatchObject({ kind: 'dirty-checkout', reason: 'untracked-in-the-way', files: ['docs'] });
    await runGit(fx.repo, ['clean', '-fq']);

    await runGit(fx.repo, ['checkout', '-q', '-b', 'side', 'HEAD~0']);
    await commitIn(fx.repo, { 'src/a.ts': 'side\n' }, 'side');
    await runGit(fx.repo, ['checkout', '-q', 'main']);
    await commitIn(fx.repo, { 'src/a.ts': 'main\n' }, 'main');
    await runGit(fx.repo, ['merge', '-q', 'side']).catch(() => undefined); // leaves a conflicted merge in progress
    const before = await checkoutState(fx.repo);
    expect(await merge(git, request(fx))).toMatchObject({ kind: 'dirty-checkout', reason: 'operation-in-progress' });
    expect(await checkoutState(fx.repo)).toEqual(before);
  });

  it('reports base-moved when someone commits in the checkout between compute and publish', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: true });
    await diverge(fx);
    let moved = '';
    const result = await merge(git, request(fx), { onComputed: async () => { moved = await commitIn(fx.repo, { 'x.txt': 'x\n' }, 'user commit'); } });
    expect(result).toMatchObject({ kind: 'base-moved', actual: moved });
    expect(await revParse(fx.repo, 'HEAD')).toBe(moved);
    expect(await statusOf(fx.repo)).toBe('');
  });
});

describe('undoMerge', () => {
  it('moves a base checked out nowhere back by compare-and-swap, only while it is still at the merge', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: false });
    const { baseTip } = await diverge(fx);
    const merged = await merge(git, request(fx));
    if (merged.kind !== 'merged') throw new Error(JSON.stringify(merged));
    const undo = { repoPath: fx.repo, baseBranch: 'main', oldTip: merged.oldTip, newTip: merged.newTip };
    expect(await undoMerge(git, undo)).toMatchObject({ kind: 'undone', checkout: null });
    expect(await revParse(fx.repo, 'refs/heads/main')).toBe(baseTip);
    expect(await undoMerge(git, undo)).toMatchObject({ kind: 'base-moved', expected: merged.newTip, actual: baseTip });
  });

  it('moves a checked-out base back in a clean checkout, and refuses once the base moved on or the checkout is dirty', async () => {
    const fx = await makeMergeFixture(track, { baseCheckedOut: true });
    const { baseTip } = await diverge(fx);
    const merged = await merge(git, request(fx));
    if (merged.kind !== 'merged') throw new Error(JSON.stringify(merged));
    const undo = { repoPath: fx.repo, baseBranch: 'main', oldTip: merged.oldTip, newTip: merged.newTip };

    await writeFiles(fx.repo, { 'src/a.ts': 'edited after the merge\n' });
    const dirty = await checkoutState(fx.repo);
    expect(await undoMerge(git, undo)).toMatchObject({ kind: 'dirty-checkout', reason: 'uncommitted-changes', files: ['src/a.ts'] });
    expect(await checkoutState(fx.repo)).toEqual(dirty);
    await runGit(fx.repo, ['checkout', '--', 'src/a.ts']);

    expect(await undoMerge(git, undo)).toMatchObject({ kind: 'undone', checkout: fx.repo });
    expect(await revParse(fx.repo, 'HEAD')).toBe(baseTip);
    expect(await lstat(path.join(fx.repo, 'src/new.ts')).catch(() => null)).toBeNull();
    expect(await statusOf(fx.repo)).toBe('');

    const again = await merge(git, request(fx));
    if (again.kind !== 'merged') throw new Error(JSON.stringify(again));
    const later = await commitIn(fx.repo, { 'later.txt': 'l\n' }, 'work on top of the merge');
    const refused = await undoMerge(git, { ...undo, newTip: again.newTip });
    expect(refused).toMatchObject({ kind: 'base-moved', actual: later });
    expect(refused.kind === 'base-moved' && refused.message).toMatch(/git revert/);
    expect(await revParse(fx.repo, 'HEAD')).toBe(later);
  });
});
