// Checks: the repository's own test/lint/build commands (.switchyard.json), run in each run's worktree.
import { z } from 'zod';
import { call, event, nulFreeString } from './define';
import { RunId, ThreadId } from '../ids';

export const CheckResult = z.object({
  id: z.string(),
  runId: z.string(),
  name: z.string(),
  command: z.string(),
  status: z.enum(['running', 'passed', 'failed', 'timed-out', 'cancelled', 'error', 'interrupted']),
  exitCode: z.number().nullable(),
  durationMs: z.number().nullable(),
  /** The end of the output (the part a failing test prints last). */
  output: z.string(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const checksContract = {
  /** The thread's .switchyard.json (read from its base commit), or why it could not be used. */
  'checks.config': call(
    z.object({ threadId: ThreadId }).strict(),
    z.object({ checks: z.array(z.string()), setup: z.array(z.string()), error: z.string().nullable() }),
  ),
  /** Runs the configured checks (or some of them) in the run's worktree; results arrive as `checks.changed`. */
  'checks.run': call(z.object({ runId: RunId, only: z.array(nulFreeString().min(1).max(100)).max(50).optional() }).strict(), z.object({ started: z.boolean() })),
  'checks.cancel': call(z.object({ runId: RunId }).strict(), z.object({})),
  /** Every check result of a run, newest first. */
  'checks.list': call(z.object({ runId: RunId }).strict(), z.array(CheckResult)),
  /** A check started, or finished. */
  'checks.changed': event(CheckResult),
  /** Live output of a running check, batched (a few per second at most); the stored result keeps the end. */
  'checks.output': event(z.object({ checkId: z.string(), runId: z.string(), data: z.string() })),
} as const;
