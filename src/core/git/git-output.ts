// Reads git's stderr: the first line worth showing a user, lock-contention detection, and the
// GitExitError that carries a failed command's exit code and stderr as an AppError's cause.

/** The raw facts of a git command that exited with a code its caller did not allow. */
export class GitExitError extends Error {
  readonly subcommand: string;
  readonly exitCode: number;
  readonly stderr: string;
  constructor(subcommand: string, exitCode: number, stderr: string) {
    super(`git ${subcommand} exited with code ${exitCode}`);
    this.name = 'GitExitError';
    this.subcommand = subcommand;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** The stderr of the failed git command behind an error (its cause), or null if there is none. */
export function gitStderrOf(err: unknown): string | null {
  const cause = err instanceof Error ? err.cause : undefined;
  return cause instanceof GitExitError ? cause.stderr : null;
}

/** The subcommand of an argument list: the first argument that is not an option (`worktree`). */
export function subcommandOf(args: readonly string[]): string {
  return args.find((a) => !a.startsWith('-')) ?? args[0] ?? 'command';
}

const NOISE = /^(hint|warning|usage):/i;
const SEVERITY = /^(fatal|error):\s*/i;

/**
 * The stderr line a user can act on, without git's `fatal:`/`error:` prefix: the first `fatal:` or
 * `error:` line, else the first line that is not a hint or warning; null if there is none.
 * (Progress such as "Preparing worktree (new branch 'x')" comes before the reason.)
 */
export function firstMeaningfulLine(stderr: string): string | null {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim());
  const reason = lines.find((l) => SEVERITY.test(l)) ?? lines.find((l) => l !== '' && !NOISE.test(l));
  return reason ? reason.replace(SEVERITY, '') : null;
}

const LOCK_FILE_EXISTS = /Unable to create '([^']+\.lock)': File exists/;
const CANNOT_LOCK_REF = /cannot lock ref '([^']+)'/;
/**
 * `cannot lock ref` reasons that are not another process holding a lock: retrying the same command
 * cannot succeed (the ref exists, a compare-and-swap lost, a directory/file name clash).
 */
const DETERMINISTIC_REF_FAILURE = /reference already exists|but expected|exists; cannot create|unable to resolve reference|reference is missing|there are still refs under/;

/**
 * Whether stderr says another git process holds a lock we need (`index.lock`, a ref lock,
 * `packed-refs.lock`, `config.lock`). Returns the lock (a file path, or a ref name when git does
 * not print the path), or null when the failure is of another kind.
 */
export function heldLockOf(stderr: string): string | null {
  const file = LOCK_FILE_EXISTS.exec(stderr);
  if (file?.[1]) return file[1];
  const ref = CANNOT_LOCK_REF.exec(stderr);
  if (ref?.[1] && !DETERMINISTIC_REF_FAILURE.test(stderr)) return `the lock on ${ref[1]}`;
  if (/index\.lock/.test(stderr) && /File exists/.test(stderr)) return 'index.lock';
  return null;
}

/**
 * A concurrent `git worktree add` is half-way through writing its admin files
 * (`.git/worktrees/<id>/commondir` exists but is still empty), and this command, which reads every
 * worktree, died on it. Running it again moments later succeeds. Git collects worktrees before it
 * changes anything, except `worktree add -b`, which creates its branch first (so the allocator
 * creates branches with a separate `git branch`).
 */
const HALF_WRITTEN_WORKTREE = /failed to read (.*[/\\]worktrees[/\\][^/\\]+)[/\\](?:commondir|gitdir|HEAD)/;

/** The admin dir of a half-created worktree that made this command fail, or null. */
export function halfWrittenWorktreeOf(stderr: string): string | null {
  return HALF_WRITTEN_WORKTREE.exec(stderr)?.[1] ?? null;
}
