// Runs a run's checks end to end: reads `.switchyard.json` from the run's base commit, gives the run
// its port block, runs each check in its own PTY in the worktree, and records every result in
// SQLite from `running` to its outcome, announcing each step. One batch per run at a time.
import { AppError } from '../../shared/errors';
import type { RunId } from '../../shared/ids';
import { type GitRunner } from '../git/git-runner';
import { newId } from '../ids';
import { type PtyHost, type PtySession } from '../terminals/pty-host';
import { checkEnv, runCheck, runSteps, type CheckRunOptions } from './check-runner';
import { type CheckRecord, type ChecksRepo } from './checks-repo';
import { portEnv, type PortBlockAllocator } from './port-blocks';
import { loadSwitchyardConfig, type SwitchyardConfig } from './switchyard-config';

export interface RunForChecks {
  runId: RunId;
  worktreePath: string;
  /** The repository (any worktree of it) and the commit the run started from: the config is read there. */
  repoPath: string;
  baseCommit: string;
}

export type ChecksEvent =
  | { type: 'started'; record: CheckRecord; session: PtySession }
  | { type: 'output'; checkId: string; runId: RunId; data: string }
  | { type: 'finished'; record: CheckRecord };

export interface ChecksServiceDeps {
  git: GitRunner;
  host: PtyHost;
  repo: ChecksRepo;
  ports: PortBlockAllocator;
  /** The app's environment; children get only its allowlisted part (agents/child-env). */
  baseEnv?: NodeJS.ProcessEnv;
  onEvent?: (event: ChecksEvent) => void;
  now?: () => number;
  wrap?: CheckRunOptions['wrap'];
}

export class ChecksService {
  readonly #deps: ChecksServiceDeps;
  readonly #running = new Map<RunId, AbortController>();

  constructor(deps: ChecksServiceDeps) {
    this.#deps = deps;
  }

  /** Whether a batch of checks is running for the run. */
  isRunning(runId: RunId): boolean {
    return this.#running.has(runId);
  }

  /**
   * Runs the configured checks (all, or those named in `only`) one after another and returns their
   * records. Refuses (INVALID_INPUT) while the run's previous batch is still going, and names an
   * unknown check. A repository without checks returns an empty list.
   */
  async runChecks(run: RunForChecks, only?: readonly string[]): Promise<CheckRecord[]> {
    if (this.#running.has(run.runId)) throw new AppError('INVALID_INPUT', 'Checks are already running for this run; wait for them or stop them first.');
    const controller = new AbortController();
    this.#running.set(run.runId, controller);
    try {
      const config = await loadSwitchyardConfig(this.#deps.git, { repoPath: run.repoPath, commit: run.baseCommit });
      const checks = pick(config, only);
      const ports = await this.#deps.ports.allocate(run.runId);
      const env = checkEnv(this.#deps.baseEnv ?? process.env, config, { ports, runId: run.runId });
      const records: CheckRecord[] = [];
      for (const check of checks) {
        if (controller.signal.aborted) break;
        records.push(await this.#runOne(run, check, env, controller.signal));
      }
      return records;
    } finally {
      this.#running.delete(run.runId);
    }
  }

  /**
   * Prepares a new run's worktree before its agent starts: gives the run its block of ports and runs
   * the config's setup commands there, their output going to `onOutput` (the run's terminal).
   * Returns the environment the agent gets (SWITCHYARD_PORT …). A failing setup throws, naming the
   * command; a broken .switchyard.json is reported in the terminal and the run goes on without setup.
   */
  async prepareWorktree(run: RunForChecks, onOutput: (data: string) => void): Promise<Record<string, string>> {
    const ports = await this.#deps.ports.allocate(run.runId);
    const env = portEnv(ports);
    let config: SwitchyardConfig;
    try {
      config = await loadSwitchyardConfig(this.#deps.git, { repoPath: run.repoPath, commit: run.baseCommit });
    } catch (err) {
      onOutput(`\x1b[33m[switchyard] ${err instanceof Error ? err.message : String(err)} Setup skipped.\x1b[0m\r\n`);
      return env;
    }
    if (config.setup.length === 0) return env;
    onOutput(`\x1b[2m[switchyard] setup: running ${config.setup.length} command(s) from .switchyard.json\x1b[0m\r\n`);
    const results = await runSteps(this.#deps.host, 'setup', config.setup, {
      cwd: run.worktreePath,
      env: checkEnv(this.#deps.baseEnv ?? process.env, config, { ports, runId: run.runId }),
      onOutput,
      ...(this.#deps.wrap ? { wrap: this.#deps.wrap } : {}),
    });
    const failed = results.find((r) => r.status !== 'passed');
    if (failed) {
      const how = failed.exitCode !== null ? `exit code ${failed.exitCode}` : failed.status;
      throw new AppError('SPAWN_FAILED', `Setup failed: \`${failed.command}\` ended with ${how}. The agent was not started.`);
    }
    return env;
  }

  /** Stops the run's running batch: the current check ends as `cancelled`, later ones do not start. */
  cancel(runId: RunId): void {
    this.#running.get(runId)?.abort();
  }

  /** Cancels every batch (the app is stopping). */
  cancelAll(): void {
    for (const controller of this.#running.values()) controller.abort();
  }

  async #runOne(run: RunForChecks, check: SwitchyardConfig['checks'][number], env: Record<string, string>, signal: AbortSignal): Promise<CheckRecord> {
    const now = this.#deps.now ?? Date.now;
    const id = newId();
    const started = this.#deps.repo.start({ id, runId: run.runId, name: check.name, command: check.command, startedAt: now() });
    const emit = this.#deps.onEvent ?? (() => undefined);
    const result = await runCheck(this.#deps.host, check, {
      cwd: run.worktreePath,
      env,
      signal,
      ...(this.#deps.wrap ? { wrap: this.#deps.wrap } : {}),
      onSpawn: (session) => emit({ type: 'started', record: started, session }),
      onOutput: (data) => emit({ type: 'output', checkId: id, runId: run.runId, data }),
    });
    const record = this.#deps.repo.update(id, {
      status: result.status,
      exitCode: result.exitCode,
      durationMs: result.durationMs,
      output: result.output,
      finishedAt: Math.max(now(), started.startedAt),
    });
    emit({ type: 'finished', record });
    return record;
  }
}

function pick(config: SwitchyardConfig, only: readonly string[] | undefined): SwitchyardConfig['checks'] {
  if (only === undefined) return config.checks;
  const known = new Set(config.checks.map((c) => c.name));
  const unknown = only.find((name) => !known.has(name));
  if (unknown !== undefined) throw new AppError('NOT_FOUND', `This repository's .switchyard.json has no check named ${unknown}.`);
  return config.checks.filter((c) => only.includes(c.name));
}
