// Follows what an agent CLI reports about itself (terminal notifications, quiet output, exit) through
// the status tracker, and turns it into the run's `activity`. Types the CLI's initial input when the
// catalog asks for it (Aider takes its task as typed input, not as an argument).
import type { RunActivity } from '../../shared/contract';
import type { CliLaunch } from '../agents/cli-catalog';
import { cliDefinition, type CliId } from '../agents/cli-catalog';
import { RunStatusTracker } from '../agents/run-status-tracker';
import type { PtySession } from '../terminals/pty-host';
import type { StatusSignal } from '../agents/status-sources';

/** Quiet time after the CLI's first output before its initial input is typed, in ms: its prompt is drawn by then. */
const INITIAL_INPUT_SETTLE_MS = 750;

export interface AgentActivityFeed {
  /** Every chunk of the run's output. */
  output(data: string): void;
  /** A structured report from the agent itself (hooks, notify). */
  signal(signal: StatusSignal): void;
  exit(exitCode: number, signal: number | null): void;
}

export function followAgentActivity(
  cliId: CliId,
  cli: CliLaunch,
  session: PtySession,
  onActivity: (activity: RunActivity | null) => void,
): AgentActivityFeed {
  const def = cliDefinition(cliId);
  const tracker = new RunStatusTracker({
    classifier: def.notificationClassifier,
    answerProgramStatusQuery: cli.answerProgramStatusQuery,
    write: (data) => session.write(data),
    onChange: (status) => {
      if (status.kind !== 'working' && status.kind !== 'needs-input' && status.kind !== 'done') return;
      if (status.source === 'process') return;
      onActivity({ state: status.kind, source: status.source, guess: status.guess, detail: status.detail ?? null, since: status.since });
    },
  });
  let inputTimer: NodeJS.Timeout | null = null;
  let pendingInput = cli.initialInput ?? null;
  return {
    signal(signal) {
      tracker.signal(signal);
    },
    output(data) {
      tracker.output(data);
      if (pendingInput === null) return;
      if (inputTimer) clearTimeout(inputTimer);
      inputTimer = setTimeout(() => {
        if (pendingInput !== null) session.write(pendingInput);
        pendingInput = null;
      }, INITIAL_INPUT_SETTLE_MS);
    },
    exit(exitCode, signal) {
      if (inputTimer) clearTimeout(inputTimer);
      tracker.exit(exitCode, signal);
      onActivity(null);
    },
  };
}
