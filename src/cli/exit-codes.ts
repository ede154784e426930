// The CLI's exit codes and the two errors that carry one: a usage error (the command line is wrong)
// and a failure the user should read (printed as is, without a stack).

export const ExitCode = {
  /** Every run exited 0; the operation succeeded. */
  ok: 0,
  /** A run failed, or the operation did (a merge conflict, a refused merge, an error from the core). */
  failed: 1,
  /** The command line is wrong: unknown command, option or agent, a missing argument. */
  usage: 2,
  /** The data folder is held by a Switchyard process this one cannot reach or replace. */
  busy: 3,
  /** Ctrl-C: 128 + SIGINT, as shells report it. */
  interrupted: 130,
  /** SIGTERM: 128 + 15. */
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The command line is wrong; the message says what and points to --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An outcome to report with a given exit code (the message is already written for the user). */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.failed,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}
