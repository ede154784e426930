import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { firstMeaningfulLine, GitExitError, gitStderrOf, heldLockOf, subcommandOf } from './git-output';

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

describe('firstMeaningfulLine', () => {
  it('skips blank, hint and warning lines and drops the severity prefix', () => {
    expect(firstMeaningfulLine('\nhint: try this\nwarning: meh\nfatal: the real reason\nmore')).toBe('the real reason');
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
