// Runs: one agent attempt = worktree + branch + PTY + status + transcript.
import { z } from 'zod';
import { call, event, nulFreeString } from './define';
import { ProfileId, RunId, ThreadId } from '../ids';
import { MAX_INPUT_CHARS, TERMINAL_COLS, TERMINAL_ROWS } from './limits';

export const RunStatus = z.enum(['starting', 'running', 'exited', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

export const DiffSummary = z.object({
  files: z.number().int().nonnegative(),
  added: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  /** When it was computed (ms since epoch). */
  at: z.number(),
});
export type DiffSummary = z.infer<typeof DiffSummary>;

/**
 * What an agent is doing while its process runs, from the best source available: the agent's hooks
 * or notify program, terminal notifications (OSC 9/777), or, as a last resort shown as a guess,
 * quiet output. Null for plain commands and shells, and once the process has ended.
 */
export const RunActivity = z.object({
  state: z.enum(['working', 'needs-input', 'done']),
  /** 'loop': the built-in agent's own state. */
  source: z.enum(['hook', 'notify', 'osc', 'heuristic', 'loop']),
  guess: z.boolean(),
  detail: z.string().nullable(),
  since: z.number(),
});
export type RunActivity = z.infer<typeof RunActivity>;

export const Run = z.object({
  id: RunId,
  threadId: ThreadId,
  profileId: ProfileId,
  profileName: z.string(),
  /** Position within the thread, from 1. */
  index: z.number().int().positive(),
  branch: z.string(),
  worktreePath: z.string(),
  status: RunStatus,
  /** Exit code when status is 'exited'. */
  exitCode: z.number().int().nullable(),
  /** Why it failed, in one sentence, when status is 'failed'. */
  failure: z.string().nullable(),
  /** The user asked it to stop (its exit code then reports the signal), as opposed to it ending by itself. */
  stoppedByUser: z.boolean(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  diff: DiffSummary.nullable(),
  /** When its worktree was archived (removed, branch and backup ref kept); null while it has one. */
  archivedAt: z.number().nullable(),
  /** The agent's own report of what it is doing (see RunActivity); null when none. */
  activity: RunActivity.nullable(),
  /** Tokens the built-in agent used over all its turns; null for other agents. */
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }).nullable(),
});
export type Run = z.infer<typeof Run>;

const runRef = z.object({ runId: RunId }).strict();

export const runsContract = {
  /** Stops a run's process (SIGTERM to its process group, SIGKILL after a grace period). Worktree is kept. */
  'runs.stop': call(runRef, Run),
  /** Types into a run's terminal. */
  'runs.write': call(z.object({ runId: RunId, data: z.string().min(1).max(MAX_INPUT_CHARS) }).strict(), z.object({})),
  /** Resizes a run's terminal. */
  'runs.resize': call(
    z
      .object({
        runId: RunId,
        cols: z.number().int().min(TERMINAL_COLS.min).max(TERMINAL_COLS.max),
        rows: z.number().int().min(TERMINAL_ROWS.min).max(TERMINAL_ROWS.max),
      })
      .strict(),
    z.object({}),
  ),
  /**
   * Starts streaming a run's terminal to this client. The stream begins with a `pty` frame marked
   * `replay` (the current screen and scrollback, serialized, never the raw transcript), then live
   * frames, in order, with no gap and no overlap. Attaching again restarts the stream with a new
   * replay. Each connection streams a run at most once; one detach ends it.
   */
  'runs.attach': call(runRef, z.object({ run: Run })),
  /** Stops streaming a run's terminal to this client. */
  'runs.detach': call(runRef, z.object({})),
  /** Recomputes the run's diff summary against the merge-base with its base branch. */
  'runs.refreshDiff': call(runRef, Run),
  /**
   * Sends another prompt to a run: typed into its terminal for CLI agents (and shells), a new turn
   * for the built-in agent (which restarts it if it had finished). Recorded as a turn.
   */
  'runs.followUp': call(z.object({ runId: RunId, prompt: nulFreeString().min(1).max(100_000).refine((p) => p.trim().length > 0, 'write a prompt first') }).strict(), Run),
  /** Starts an agent CLI run again in its worktree, continuing its last session (its own resume flag). */
  'runs.resume': call(runRef, Run),
  /** A run's prompts (its follow-ups, and the built-in agent's turns with their tokens and time), oldest first. */
  'runs.turns': call(
    runRef,
    z.array(z.object({ id: z.string(), prompt: z.string(), createdAt: z.number(), inputTokens: z.number().nullable(), outputTokens: z.number().nullable(), elapsedMs: z.number().nullable() })),
  ),
  /** Answers the built-in agent's request to run a command (approval mode 'ask'). */
  'runs.approve': call(z.object({ runId: RunId, callId: nulFreeString().min(1).max(200), approve: z.boolean() }).strict(), z.object({})),
  /** Commands the built-in agent is waiting to have approved (for a window that connected after the request). */
  'runs.pendingApprovals': call(runRef, z.array(z.object({ runId: z.string(), callId: z.string(), command: z.string(), sandboxed: z.boolean() }))),
  /** The built-in agent waits for approval of a command (its run shows needs-input). */
  'runs.approvalRequested': event(z.object({ runId: z.string(), callId: z.string(), command: z.string(), sandboxed: z.boolean() })),
  /** Fires whenever any field of a run changes (status, diff, times). */
  'runs.changed': event(Run),
} as const;
