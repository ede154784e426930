// Records who each run's agent process is (pid, start time, nonce) when it is spawned, and ends what a
// run leaves behind: its nonce carriers after a Stop or at shutdown, and at start-up the processes of
// runs a crashed app left running. The killing itself is leftover-reaper.ts.
import { randomBytes } from 'node:crypto';
import { processStartTime, RUN_NONCE_VARIABLE } from '../terminals/process-identity';
import type { RunProcessesRepo } from '../store/run-processes-repo';
import { reapLeftovers, type ReapedProcess, type ReaperOptions } from './leftover-reaper';

export interface RunProcessesDeps {
  repo: RunProcessesRepo;
  now: () => number;
  log: (message: string, err?: unknown) => void;
  /** Grace periods of the reaper; tests shorten them. */
  reaper?: Omit<ReaperOptions, 'log'>;
}

export class RunProcesses {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly deps: RunProcessesDeps) {}

  /** A fresh nonce and the environment entry that carries it into the agent. */
  newNonce(): { nonce: string; env: Record<string, string> } {
    const nonce = randomBytes(16).toString('hex');
    return { nonce, env: { [RUN_NONCE_VARIABLE]: nonce } };
  }

  /**
   * The run's agent was spawned as `pid` with `nonce` in its environment: recorded at once (so a crash
   * right after still leaves the nonce to search for), its start time filled in moments later.
   */
  spawned(runId: string, pid: number, nonce: string, spawnedAt: number): void {
    try {
      this.deps.repo.record({ runId, pid, startedAt: null, nonce, spawnedAt });
    } catch (err) {
      this.deps.log(`could not record the process of run ${runId}`, err);
      return;
    }
    const work = processStartTime(pid)
      .then((startedAt) => {
        if (startedAt !== null) this.deps.repo.setStartedAt(runId, pid, startedAt);
      })
      .catch((err: unknown) => this.deps.log(`could not record the start time of run ${runId}'s process`, err))
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** Ends whatever still carries the run's nonce (e.g. a `setsid` descendant that outlived a Stop). */
  async sweep(runId: string): Promise<ReapedProcess[]> {
    await this.settled();
    const rec = this.deps.repo.get(runId);
    if (!rec) return [];
    return this.reap([rec]);
  }

  /** Start-up, before runs are marked interrupted: ends the processes of runs still recorded as active. */
  async reapAtStartup(): Promise<ReapedProcess[]> {
    return this.reap(this.deps.repo.listOfActiveRuns());
  }

  /** Resolves when every start time being read has been recorded. */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async reap(records: Parameters<typeof reapLeftovers>[0]): Promise<ReapedProcess[]> {
    try {
      return await reapLeftovers(records, { ...this.deps.reaper, log: (m) => this.deps.log(m) });
    } catch (err) {
      this.deps.log('ending leftover agent processes failed', err);
      return [];
    }
  }
}
