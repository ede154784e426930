// Bookkeeping of the runs in flight: which runs have a process (or a built-in turn) being started or
// running, with its PTY session and whether a Stop was asked; each run's agent environment, kept for
// later turns; and the end-of-run recording still under way, which shutdown waits for.
import type { PtySession } from '../terminals/pty-host';

export interface LiveRun {
  /** The agent's PTY; null while it is being started, and for the built-in agent (no PTY). */
  session: PtySession | null;
  stopRequested: boolean;
}

export class LiveRuns {
  private readonly live = new Map<string, LiveRun>();
  /** End-of-run work in flight (screen save, status, diff), so shutdown can wait for it. */
  private readonly recording = new Set<Promise<void>>();
  /** Each run's extra environment (ports, ids), kept for the built-in agent's later turns. */
  private readonly envs = new Map<string, Record<string, string>>();
  /** Set once shutdown began: nothing starts, and exits are recorded by shutdown itself. */
  disposing = false;

  constructor(private readonly log: (message: string, err?: unknown) => void) {}

  /** The run is being started (or a built-in turn begins): it is live from now on. */
  begin(runId: string): LiveRun {
    const live: LiveRun = { session: null, stopRequested: false };
    this.live.set(runId, live);
    return live;
  }

  get(runId: string): LiveRun | undefined {
    return this.live.get(runId);
  }

  has(runId: string): boolean {
    return this.live.has(runId);
  }

  /** The run is no longer live (it ended, or failed to start). */
  end(runId: string): void {
    this.live.delete(runId);
  }

  /** Every live run now, as [runId, live] pairs. */
  entries(): Array<[string, LiveRun]> {
    return [...this.live.entries()];
  }

  clear(): void {
    this.live.clear();
  }

  envOf(runId: string): Record<string, string> | undefined {
    return this.envs.get(runId);
  }

  setEnv(runId: string, env: Record<string, string>): void {
    this.envs.set(runId, env);
  }

  /** Keeps end-of-run work visible to shutdown, which waits for it. */
  track(work: Promise<void>): void {
    this.recording.add(work);
    // Bookkeeping that fails (e.g. a full disk) is logged, never an unhandled rejection.
    void work.catch((err: unknown) => this.log('recording a run\'s end failed', err)).finally(() => this.recording.delete(work));
  }

  /** Resolves when the end-of-run work in flight now has finished (or failed). */
  async recorded(): Promise<void> {
    await Promise.allSettled([...this.recording]);
  }
}
