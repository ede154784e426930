// Follows one thread's runs and their checks over the contract's events (`runs.changed`,
// `checks.changed`) for `switchyard run`, and says when everything has settled: every run finished
// and, where the repository has checks, every check of a run that exited has a result.
import type { CheckResult, Run } from '../shared/contract';
import type { ThreadId } from '../shared/ids';
import type { RpcClient } from '../shared/rpc/client';
import { isFinished } from './format';
import type { RunState } from './status-table';

/**
 * How long to wait, in ms, for a finished run's checks to start (or the next one to) before giving up
 * on them: the core starts them right after the run exits, so silence this long means they will not come.
 */
export const CHECKS_IDLE_MS = 30_000;

export class ThreadWatch {
  #threadId: string | null = null;
  readonly #early: Run[] = [];
  readonly #runs = new Map<string, Run>();
  readonly #checks = new Map<string, Map<string, CheckResult>>();
  /** When each run was first seen finished, or its checks last moved (ms). */
  readonly #quietSince = new Map<string, number>();
  readonly #listeners = new Set<() => void>();
  readonly #unsubscribe: Array<() => void>;
  expectedChecks: readonly string[] = [];

  constructor(
    private readonly client: RpcClient,
    private readonly now: () => number = Date.now,
  ) {
    this.#unsubscribe = [
      client.on('runs.changed', (run) => {
        if (this.#threadId === null) this.#early.push(run);
        else if (run.threadId === this.#threadId) this.#apply(run);
      }),
      client.on('checks.changed', (result) => {
        if (!this.#runs.has(result.runId)) return;
        this.#addCheck(result);
        this.#emit();
      }),
    ];
  }

  /** Starts following `threadId`: events that came before it was known, then the current state. */
  async follow(threadId: string): Promise<void> {
    this.#threadId = threadId;
    for (const run of this.#early.splice(0)) if (run.threadId === threadId) this.#apply(run);
    const [{ runs }, config] = await Promise.all([
      this.client.call('threads.get', { threadId: threadId as ThreadId }),
      this.client.call('checks.config', { threadId: threadId as ThreadId }),
    ]);
    this.expectedChecks = config.error ? [] : config.checks;
    for (const run of runs) this.#apply(run);
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  states(): RunState[] {
    return [...this.#runs.values()].map((run) => ({ run, checks: [...(this.#checks.get(run.id)?.values() ?? [])] }));
  }

  runs(): Run[] {
    return [...this.#runs.values()];
  }

  /** Replaces a run's state with a newer one from a call's answer. */
  update(run: Run): void {
    this.#apply(run);
  }

  /** Every run finished, and every expected check of a run that exited has a result (or never came). */
  settled(): boolean {
    return this.#runs.size > 0 && [...this.#runs.values()].every((run) => this.#runSettled(run));
  }

  /** Runs whose checks are still running. */
  runsWithRunningChecks(): string[] {
    return [...this.#checks].filter(([, m]) => [...m.values()].some((c) => c.status === 'running')).map(([id]) => id);
  }

  close(): void {
    for (const u of this.#unsubscribe) u();
    this.#listeners.clear();
  }

  #runSettled(run: Run): boolean {
    if (!isFinished(run)) return false;
    if (this.expectedChecks.length === 0 || run.status !== 'exited' || run.stoppedByUser || run.archivedAt !== null) return true;
    const results = [...(this.#checks.get(run.id)?.values() ?? [])];
    if (results.some((c) => c.status === 'running')) return false;
    const done = new Set(results.map((c) => c.name));
    if (this.expectedChecks.every((name) => done.has(name))) return true;
    return this.now() - (this.#quietSince.get(run.id) ?? this.now()) > CHECKS_IDLE_MS;
  }

  #apply(run: Run): void {
    const was = this.#runs.get(run.id);
    this.#runs.set(run.id, run);
    if (isFinished(run) && (!was || !isFinished(was))) {
      this.#quietSince.set(run.id, this.now());
      // Checks may have started before this client heard of the run: read what is there.
      void this.client.call('checks.list', { runId: run.id }).then(
        (list) => {
          for (const c of list) this.#addCheck(c);
          this.#emit();
        },
        () => {},
      );
    }
    this.#emit();
  }

  #addCheck(result: CheckResult): void {
    const map = this.#checks.get(result.runId) ?? new Map<string, CheckResult>();
    const known = map.get(result.id);
    // A result only moves forward: a late `running` never replaces the finished record.
    if (known && known.status !== 'running' && result.status === 'running') return;
    map.set(result.id, result);
    this.#checks.set(result.runId, map);
    this.#quietSince.set(result.runId, this.now());
  }

  #emit(): void {
    for (const l of this.#listeners) l();
  }
}
