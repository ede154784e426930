import { describe, expect, it } from 'vitest';
import {
  HIGHER_RANK_HOLD_MS,
  initialRunStatus,
  isTerminalStatus,
  reduceRunStatus,
  runStatusAfter,
  type RunStatus,
  type StatusEvent,
} from './status-machine';
import type { SignalSource, SignalState } from './status-sources';

const sig = (state: SignalState, source: SignalSource, at: number, detail?: string): StatusEvent => ({
  type: 'signal',
  signal: { state, source, ...(source === 'heuristic' ? { guess: true as const } : {}), ...(detail ? { detail } : {}) },
  at,
});
const exit = (exitCode: number, at: number, signal: number | null = null): StatusEvent => ({ type: 'exit', exitCode, signal, at });

type Expected = Pick<RunStatus, 'kind'> & Partial<RunStatus>;

describe('run status machine', () => {
  it.each<[string, StatusEvent[], Expected]>([
    ['starts as starting', [], { kind: 'starting', source: 'process', guess: false }],
    ['a hook says working', [sig('working', 'hook', 10)], { kind: 'working', source: 'hook', since: 10 }],
    ['a hook Stop makes it done', [sig('working', 'hook', 10), sig('done', 'hook', 20, 'All done.')], { kind: 'done', detail: 'All done.', since: 20 }],
    ['a permission hook makes it need input', [sig('working', 'hook', 10), sig('needs-input', 'hook', 20)], { kind: 'needs-input', source: 'hook' }],
    ['done straight from starting (a very quick turn)', [sig('done', 'notify', 5)], { kind: 'done', source: 'notify' }],
    ['a follow-up after done: working again', [sig('done', 'hook', 10), sig('working', 'hook', 5000)], { kind: 'working' }],
    ['the same state again keeps its start time', [sig('working', 'hook', 10), sig('working', 'hook', 900)], { kind: 'working', since: 10 }],
    // Rule 1: the process is the final word.
    ['exit 0 while working: exited, never working', [sig('working', 'hook', 10), exit(0, 20)], { kind: 'exited', exitCode: 0, source: 'process' }],
    ['a crash while working', [sig('working', 'hook', 10), exit(1, 20)], { kind: 'exited', exitCode: 1 }],
    ['death by SIGKILL is reported as 128 + 9', [sig('working', 'osc', 10), exit(0, 20, 9)], { kind: 'exited', exitCode: 137 }],
    ['a hook arriving after the exit is ignored', [sig('working', 'hook', 10), exit(0, 20), sig('working', 'hook', 21)], { kind: 'exited', since: 20 }],
    ['a second exit changes nothing', [exit(3, 20), exit(0, 30)], { kind: 'exited', exitCode: 3, since: 20 }],
    ['exit while starting (the CLI failed at once)', [exit(127, 5)], { kind: 'exited', exitCode: 127 }],
    // Rule 5: a stop the user asked for.
    ['stop requested, then the exit: interrupted', [sig('working', 'hook', 10), { type: 'stop-requested', at: 15 }, exit(0, 20, 15)], { kind: 'interrupted', exitCode: 143 }],
    ['stop requested changes nothing until the exit', [sig('working', 'hook', 10), { type: 'stop-requested', at: 15 }], { kind: 'working' }],
    ['the app shutting down interrupts a live run', [sig('needs-input', 'hook', 10), { type: 'shutdown', at: 30 }], { kind: 'interrupted', since: 30 }],
    ['shutdown after the exit keeps exited', [exit(0, 20), { type: 'shutdown', at: 30 }], { kind: 'exited' }],
    ['spawn failure', [{ type: 'failed', reason: 'Command not found: codex.', at: 3 }], { kind: 'failed', failure: 'Command not found: codex.' }],
    ['a failure after the exit changes nothing', [exit(0, 20), { type: 'failed', reason: 'x', at: 30 }], { kind: 'exited' }],
    ['signals after a failure are ignored', [{ type: 'failed', reason: 'x', at: 3 }, sig('working', 'hook', 4)], { kind: 'failed' }],
    // Rule 3: ranking between structured sources.
    [
      'OSC right after a hook cannot override it',
      [sig('done', 'hook', 1000), sig('needs-input', 'osc', 1000 + HIGHER_RANK_HOLD_MS - 1)],
      { kind: 'done', source: 'hook' },
    ],
    [
      'OSC later than the hold window moves the run (a follow-up typed into Codex)',
      [sig('done', 'notify', 1000), sig('working', 'osc', 1000 + HIGHER_RANK_HOLD_MS)],
      { kind: 'working', source: 'osc' },
    ],
    [
      'a confirming hook renews the hold',
      [sig('done', 'hook', 1000), sig('done', 'hook', 3500), sig('working', 'osc', 5000)],
      { kind: 'done', since: 1000 },
    ],
    ['a hook overrides OSC at once', [sig('working', 'osc', 1000), sig('needs-input', 'hook', 1001)], { kind: 'needs-input', source: 'hook' }],
    ['hook and notify rank the same', [sig('done', 'notify', 1000), sig('working', 'hook', 1001)], { kind: 'working', source: 'hook' }],
    ['OSC overrides OSC', [sig('working', 'osc', 1000), sig('done', 'osc', 1001)], { kind: 'done', source: 'osc' }],
    // Rule 4: the heuristic is a last resort and is flagged as a guess.
    [
      'silence with no structured source: needs-input, as a guess',
      [sig('idle-guess', 'heuristic', 30_000, 'No output for 30 s')],
      { kind: 'needs-input', source: 'heuristic', guess: true, detail: 'No output for 30 s' },
    ],
    ['output after a guess: working, still a guess', [sig('idle-guess', 'heuristic', 30_000), sig('working', 'heuristic', 31_000)], { kind: 'working', guess: true }],
    ['a hook replaces a guess', [sig('idle-guess', 'heuristic', 30_000), sig('working', 'hook', 30_001)], { kind: 'working', guess: false, since: 30_001 }],
    [
      'once a CLI reported structured status, silence never overrides it',
      [sig('working', 'hook', 10), sig('idle-guess', 'heuristic', 10 * 60_000)],
      { kind: 'working', source: 'hook', guess: false },
    ],
    ['even a dropped OSC signal turns the heuristic off', [sig('done', 'hook', 10), sig('working', 'osc', 11), sig('idle-guess', 'heuristic', 60_000)], { kind: 'done' }],
    ['the heuristic never moves a dead run', [exit(0, 5), sig('working', 'heuristic', 6)], { kind: 'exited' }],
    ['a guess then the exit', [sig('idle-guess', 'heuristic', 30_000), exit(2, 40_000)], { kind: 'exited', exitCode: 2, guess: false }],
  ])('%s', (_name, events, expected) => {
    expect(runStatusAfter(events).status).toMatchObject(expected);
  });

  it('returns the same state object when nothing changes', () => {
    const dead = runStatusAfter([exit(0, 1)]);
    expect(reduceRunStatus(dead, sig('working', 'hook', 2))).toBe(dead);
    const held = runStatusAfter([sig('done', 'hook', 1)]);
    expect(reduceRunStatus(held, sig('working', 'heuristic', 2))).toBe(held);
  });

  it('never shows a dead process as working, whatever arrives after the exit', () => {
    const sources: SignalSource[] = ['hook', 'notify', 'osc', 'heuristic'];
    const states: SignalState[] = ['working', 'needs-input', 'done', 'idle-guess'];
    for (const before of states) {
      for (const source of sources) {
        let state = runStatusAfter([sig(before, source, 10), exit(0, 20)]);
        for (const late of states) for (const lateSource of sources) state = reduceRunStatus(state, sig(late, lateSource, 21));
        expect(isTerminalStatus(state.status.kind)).toBe(true);
        expect(state.status.kind).toBe('exited');
      }
    }
  });

  it('starts with the given time', () => {
    expect(initialRunStatus(42).status).toEqual({ kind: 'starting', since: 42, source: 'process', guess: false });
  });
});
