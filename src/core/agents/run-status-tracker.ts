// Wires the status sources of one run to its status machine: PTY output goes through the OSC scanner (and
// answers the OSC 7501 support query when the CLI asks), hook-bridge signals and process events go straight in,
// and the quiet-output detector runs until the run ends. Reports every status change. The run supervisor owns
// one per run; it holds no I/O of its own beyond the optional reply writer and the detector's timer.
import { OscScanner, PROGRAM_STATUS_QUERY_REPLY } from './osc-scanner';
import { initialRunStatus, isTerminalStatus, reduceRunStatus, type RunStatus, type RunStatusState, type StatusEvent } from './status-machine';
import { type NotificationClassifier, OscStatusSource, QuietOutputDetector, type StatusSignal } from './status-sources';

/** Default quiet period before the heuristic guesses that a run without structured status waits. */
export const DEFAULT_QUIET_MS = 30_000;

export interface RunStatusTrackerOptions {
  onChange: (status: RunStatus) => void;
  now?: () => number;
  /** Quiet period of the heuristic; 0 turns it off. */
  quietMs?: number;
  /** How this CLI's terminal notifications read (cli-catalog notificationClassifier). */
  classifier?: NotificationClassifier;
  /** Answer `OSC 7501 ; ?` (cli-catalog answerProgramStatusQuery) by writing the reply with `write`. */
  answerProgramStatusQuery?: boolean;
  /** Writes to the run's PTY input. */
  write?: (data: string) => void;
}

export class RunStatusTracker {
  readonly #scanner = new OscScanner();
  readonly #osc: OscStatusSource;
  readonly #detector: QuietOutputDetector | null;
  readonly #options: RunStatusTrackerOptions;
  readonly #now: () => number;
  #state: RunStatusState;

  constructor(options: RunStatusTrackerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#state = initialRunStatus(this.#now());
    this.#osc = new OscStatusSource(options.classifier);
    const quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
    this.#detector = quietMs > 0 ? new QuietOutputDetector({ quietMs, onSignal: (s) => this.signal(s) }) : null;
  }

  get status(): RunStatus {
    return this.#state.status;
  }

  /** Feed every decoded output chunk of the run's PTY, in order. */
  output(chunk: string): void {
    const events = this.#scanner.push(chunk);
    for (const event of events) {
      if (event.kind === 'program-status-query' && this.#options.answerProgramStatusQuery && !this.#ended()) {
        this.#options.write?.(PROGRAM_STATUS_QUERY_REPLY);
      }
    }
    this.#detector?.output();
    for (const signal of this.#osc.signals(events)) this.signal(signal);
  }

  /** A signal from the hook bridge (or any other source). */
  signal(signal: StatusSignal): void {
    this.#apply({ type: 'signal', signal, at: this.#now() });
  }

  exit(exitCode: number, signal: number | null): void {
    this.#apply({ type: 'exit', exitCode, signal, at: this.#now() });
  }

  stopRequested(): void {
    this.#apply({ type: 'stop-requested', at: this.#now() });
  }

  failed(reason: string): void {
    this.#apply({ type: 'failed', reason, at: this.#now() });
  }

  shutdown(): void {
    this.#apply({ type: 'shutdown', at: this.#now() });
  }

  /** Stops the heuristic's timer; the tracker ignores nothing else after this, but reports nothing new. */
  dispose(): void {
    this.#detector?.stop();
  }

  #ended(): boolean {
    return isTerminalStatus(this.#state.status.kind);
  }

  #apply(event: StatusEvent): void {
    const next = reduceRunStatus(this.#state, event);
    if (next === this.#state) return;
    const changed = !sameStatus(next.status, this.#state.status);
    this.#state = next;
    if (this.#ended()) this.#detector?.stop();
    if (changed) this.#options.onChange(next.status);
  }
}

function sameStatus(a: RunStatus, b: RunStatus): boolean {
  return (
    a.kind === b.kind &&
    a.guess === b.guess &&
    a.source === b.source &&
    a.detail === b.detail &&
    a.exitCode === b.exitCode &&
    a.failure === b.failure
  );
}
