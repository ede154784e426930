// The status of one run, as a pure state machine: starting, working, needs-input, done, failed, exited(code),
// interrupted. Fed status signals (status-sources) and process events; returns the next state. No I/O, no clock:
// every event carries its own time.
//
// Rules, in order:
// 1. The process is the final word. Once the process exits (or never started, or the app shut it down) the
//    status is terminal (exited / interrupted / failed) and nothing moves it again: a hook that arrives after
//    the exit is ignored, so a dead process is never shown as working.
// 2. Sources are ranked: hook = notify (3) > osc (2) > heuristic (1); exit and spawn failure outrank them all
//    (rule 1).
// 3. A structured signal (hook, notify, osc) is dropped when the current state was set or confirmed by a
//    strictly higher-ranked source less than HIGHER_RANK_HOLD_MS earlier. That settles races between sources
//    reporting the same moment differently (Codex's notify "done" and its OSC 7501 "idle"; a Claude Stop hook
//    and a terminal notification), while a lower-ranked source still moves the run later (the user types a
//    follow-up into Codex: only OSC 7501 says "working").
// 4. Heuristic signals (quiet output) count only while the run has had no structured signal at all: a CLI that
//    reports its own status is never second-guessed by silence. An idle guess shows as needs-input, flagged
//    `guess`.
// 5. Stopping: after stop-requested, the exit becomes `interrupted` (the user stopped it), not `exited`.
import type { SignalSource, StatusSignal } from './status-sources';

export type RunStatusKind = 'starting' | 'working' | 'needs-input' | 'done' | 'failed' | 'exited' | 'interrupted';
/** What set the status: a signal source, or the process itself (start, exit, stop, spawn failure). */
export type StatusOrigin = SignalSource | 'process';

export interface RunStatus {
  kind: RunStatusKind;
  /** When this kind (and guess flag) began, ms since epoch. */
  since: number;
  source: StatusOrigin;
  /** True when only the quiet-output heuristic backs this status. */
  guess: boolean;
  detail?: string;
  /** For 'exited' and 'interrupted': the exit code, 128 + n for a death by signal n (as shells report it). */
  exitCode?: number;
  /** For 'failed': why, in one sentence. */
  failure?: string;
}

export type StatusEvent =
  | { type: 'signal'; signal: StatusSignal; at: number }
  | { type: 'exit'; exitCode: number; signal: number | null; at: number }
  /** The user asked to stop the run; the exit that follows is an interruption. */
  | { type: 'stop-requested'; at: number }
  /** The run could not start, or (built-in agent) its turn failed beyond repair. */
  | { type: 'failed'; reason: string; at: number }
  /** The app is going away and ends the run. */
  | { type: 'shutdown'; at: number };

export interface RunStatusState {
  status: RunStatus;
  stopRequested: boolean;
  /** A hook, notify or OSC signal has arrived during this run. */
  structuredSeen: boolean;
  /** Rank and time of the signal that last set or confirmed the current status (0 = the process). */
  authority: { rank: number; at: number };
}

export const SOURCE_RANK: Readonly<Record<SignalSource, number>> = { hook: 3, notify: 3, osc: 2, heuristic: 1 };

/** How long a status set by a higher-ranked source shields it from lower-ranked ones (rule 3). */
export const HIGHER_RANK_HOLD_MS = 3000;

const TERMINAL = new Set<RunStatusKind>(['failed', 'exited', 'interrupted']);

export function isTerminalStatus(kind: RunStatusKind): boolean {
  return TERMINAL.has(kind);
}

export function initialRunStatus(at: number): RunStatusState {
  return {
    status: { kind: 'starting', since: at, source: 'process', guess: false },
    stopRequested: false,
    structuredSeen: false,
    authority: { rank: 0, at },
  };
}

/** The next state; returns the same object when the event changes nothing. */
export function reduceRunStatus(state: RunStatusState, event: StatusEvent): RunStatusState {
  const terminal = TERMINAL.has(state.status.kind);
  switch (event.type) {
    case 'stop-requested':
      return terminal || state.stopRequested ? state : { ...state, stopRequested: true };
    case 'exit': {
      if (terminal) return state;
      const exitCode = event.signal ? 128 + event.signal : event.exitCode;
      const kind: RunStatusKind = state.stopRequested ? 'interrupted' : 'exited';
      return { ...state, status: { kind, since: event.at, source: 'process', guess: false, exitCode } };
    }
    case 'failed':
      if (terminal) return state;
      return { ...state, status: { kind: 'failed', since: event.at, source: 'process', guess: false, failure: event.reason } };
    case 'shutdown':
      if (terminal) return state;
      return { ...state, status: { kind: 'interrupted', since: event.at, source: 'process', guess: false } };
    case 'signal':
      return terminal ? state : applySignal(state, event.signal, event.at);
  }
}

function applySignal(state: RunStatusState, signal: StatusSignal, at: number): RunStatusState {
  const rank = SOURCE_RANK[signal.source];
  const heuristic = signal.source === 'heuristic';
  if (heuristic && state.structuredSeen) return state; // rule 4
  if (rank < state.authority.rank && at - state.authority.at < HIGHER_RANK_HOLD_MS) {
    return heuristic || state.structuredSeen ? state : { ...state, structuredSeen: true }; // rule 3
  }
  const kind: RunStatusKind = signal.state === 'idle-guess' ? 'needs-input' : signal.state;
  const guess = heuristic;
  const same = state.status.kind === kind && state.status.guess === guess;
  const status: RunStatus = {
    kind,
    since: same ? state.status.since : at,
    source: signal.source,
    guess,
    ...(signal.detail !== undefined ? { detail: signal.detail } : {}),
  };
  return { ...state, status, structuredSeen: state.structuredSeen || !heuristic, authority: { rank, at } };
}

/** Folds a list of events from the initial state, for tests and replays. */
export function runStatusAfter(events: readonly StatusEvent[], start = 0): RunStatusState {
  return events.reduce(reduceRunStatus, initialRunStatus(start));
}
