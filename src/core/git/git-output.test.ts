import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { firstMeaningfulLine, GitExitError, gitStderrOf, halfWrittenWorktreeOf, heldLockOf, subcommandOf } from './git-output';

describe('heldLockOf', () => {
  it('finds the lock file another process holds', () => {
    const stderr =
      "fatal: Unable to create '/r/.git/index.lock': File exists.\n\nAnother git process seems to be running in this repository";
    expect(heldLockOf(stderr)).toBe('/r/.git/index.lock');
  });

  it('finds a held ref lock and a held packed-refs lock', () => {
    expect(heldLockOf("error: cannot lock ref 'refs/heads/a': Unable to create '/r/.git/refs/heads/a.lock': File exists.")).toBe(
      '/r/.git/refs/heads/a.lock',
    );
    expect(heldLockOf("fatal: Unable to create '/r/.git/packed-refs.lock': File exists.")).toBe('/r/.git/packed-refs.lock');
  });

  it('does not call deterministic ref failures contention', () => {
    expect(heldLockOf("fatal: cannot lock ref 'refs/heads/x': reference already exists")).toBeNull();
    expect(heldLockOf("fatal: cannot lock ref 'refs/heads/x': is at 1234 but expected 5678")).toBeNull();
    expect(heldLockOf("error: cannot lock ref 'refs/heads/a/b': 'refs/heads/a' exists; cannot create 'refs/heads/a/b'")).toBeNull();
    expect(heldLockOf("fatal: a branch named 'x' already exists")).toBeNull();
  });
});

describe('halfWrittenWorktreeOf', () => {
  it('recognizes a command that died on a worktree another process is still creating', () => {
    expect(halfWrittenWorktreeOf("Preparing worktree (checking out 'b')\nfatal: failed to read .git/worktrees/r4/commondir: Success\n")).toBe(
      '.git/worktrees/r4',
    );
    expect(halfWrittenWorktreeOf('fatal: failed to read /r/.git/worktrees/a b/commondir: No such file or directory')).toBe('/r/.git/worktrees/a b');
    expect(halfWrittenWorktreeOf("fatal: invalid reference: nope")).toBeNull();
  });
});

describe('firstMeaningfulLine', () => {
  it('prefers the fatal or error line, skipping progress, hints and warnings, without the prefix', () => {
    expect(firstMeaningfulLine('\nhint: try this\nwarning: meh\nfatal: the real reason\nmore')).toBe('the real reason');
    expect(firstMeaningfulLine("Preparing worktree (new branch 'x')\nfatal: 'p' already exists")).toBe("'p' already exists");
    expect(firstMeaningfulLine('Some plain message\n')).toBe('Some plain message');
    expect(firstMeaningfulLine('hint: only hints\n')).toBeNull();
  });
});

describe('subcommandOf and gitStderrOf', () => {
  it('names the subcommand after leading options', () => {
    expect(subcommandOf(['--no-pager', 'worktree', 'add'])).toBe('worktree');
  });

  it('reads the stderr of a failed command from an AppError cause', () => {
    const err = new AppError('GIT_FAILED', 'x', { cause: new GitExitError('add', 128, 'fatal: boom') });
    expect(gitStderrOf(err)).toBe('fatal: boom');
    expect(gitStderrOf(new Error('plain'))).toBeNull();
  });
});
