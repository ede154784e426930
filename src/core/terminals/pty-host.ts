// Owns every node-pty process of the core: checks a launch, spawns it, and stops what is still running.
// Knows nothing about agents, git, runs or transports; it builds no environment of its own beyond $TERM.
import pty from 'node-pty';
import { AppError } from '../../shared/errors';
import { assertTerminalSize, NodePtySession, type PtySession, type PtySessionTiming } from './pty-session';
import { assertDirectory, resolveExecutable } from './resolve-executable';
import { PtyShutdown, TerminalIdentity } from './terminal-constants';

export type { PtyExit, PtySession } from './pty-session';

/** What to run in a new PTY. `env` is the child's whole environment (see agents/child-env); nothing is inherited. */
export interface PtySpawnRequest {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

/** Overrides of PtyShutdown, for tests that must not wait a real grace period. */
export type PtyHostOptions = Partial<PtySessionTiming>;

export class PtyHost {
  readonly #timing: PtySessionTiming;
  readonly #live = new Set<PtySession>();

  constructor(options: PtyHostOptions = {}) {
    this.#timing = { ...PtyShutdown, ...options };
  }

  /** Number of sessions whose onExit has not fired yet. */
  get liveCount(): number {
    return this.#live.size;
  }

  /**
   * Starts `req.file` in a new PTY, after checking that `cwd` is a directory and that the command resolves to an
   * executable on `req.env.PATH` (or at its path). Throws AppError SPAWN_FAILED / PATH_NOT_FOUND /
   * NOT_A_DIRECTORY / INVALID_INPUT without starting anything.
   */
  async spawn(req: PtySpawnRequest): Promise<PtySession> {
    assertTerminalSize(req.cols, req.rows);
    await assertDirectory(req.cwd);
    const file = await resolveExecutable(req.file, req.env.PATH, req.cwd);
    let child: pty.IPty;
    try {
      child = pty.spawn(file, req.args, {
        name: TerminalIdentity.term,
        cols: req.cols,
        rows: req.rows,
        cwd: req.cwd,
        env: { ...req.env, TERM: TerminalIdentity.term },
        // Raw bytes: our own splitter decodes them, so a character is never cut and bytes can be counted.
        encoding: null,
      });
    } catch (err) {
      throw new AppError('SPAWN_FAILED', `Could not start ${req.file}.`, { cause: err });
    }
    const session = new NodePtySession(child, this.#timing);
    this.#live.add(session);
    session.onExit(() => this.#live.delete(session));
    return session;
  }

  /** Stops every session that has not exited yet (see PtySession.stop) and resolves when all are done. */
  async disposeAll(): Promise<void> {
    await Promise.all([...this.#live].map((session) => session.stop()));
  }
}
