// Threads: one prompt on one repo and base branch, fanned out to runs.
import { z } from 'zod';
import { call, event, nulFreeString } from './define';
import { ProfileId, RepoId, ThreadId } from '../ids';
import { MAX_PROMPT_CHARS, MAX_RUNS_PER_THREAD } from './limits';
import { Run } from './runs';

export const Thread = z.object({
  id: ThreadId,
  repoId: RepoId,
  repoPath: z.string(),
  prompt: z.string(),
  /** Short title for lists: the prompt's first line, cut. */
  title: z.string(),
  baseBranch: z.string(),
  /** Commit the base branch pointed at when the thread was created. */
  baseCommit: z.string(),
  createdAt: z.number(),
});
export type Thread = z.infer<typeof Thread>;

export const ThreadWithRuns = z.object({ thread: Thread, runs: z.array(Run) });
export type ThreadWithRuns = z.infer<typeof ThreadWithRuns>;

export const AgentRequest = z
  .object({
    profileId: ProfileId,
    count: z
      .number()
      .int('count must be a whole number')
      .min(1, 'count must be at least 1')
      .max(MAX_RUNS_PER_THREAD, `at most ${MAX_RUNS_PER_THREAD} runs per thread`),
  })
  .strict();

export const CreateThreadInput = z
  .object({
    repoId: RepoId,
    prompt: z
      .string()
      .max(MAX_PROMPT_CHARS, `the prompt is longer than ${MAX_PROMPT_CHARS} characters`)
      .refine((p) => p.trim().length > 0, 'write a prompt first')
      .refine((p) => !p.includes('\0'), 'the prompt contains a NUL byte'),
    baseBranch: nulFreeString().min(1, 'choose a base branch').max(255),
    agents: z
      .array(AgentRequest)
      .min(1, 'choose at least one agent')
      .refine(
        (list) => list.reduce((n, a) => n + a.count, 0) <= MAX_RUNS_PER_THREAD,
        `at most ${MAX_RUNS_PER_THREAD} runs per thread`,
      ),
  })
  .strict();
export type CreateThreadInput = z.input<typeof CreateThreadInput>;

export const threadsContract = {
  /**
   * Creates a thread and starts its runs: one worktree, branch and PTY each. Resolves once every run
   * row exists (status 'starting'); worktrees and PTYs come up concurrently, reported by `runs.changed`.
   */
  'threads.create': call(CreateThreadInput, ThreadWithRuns),
  /** Threads, newest first; optionally of one repository. */
  'threads.list': call(z.object({ repoId: RepoId.optional() }).strict(), z.array(Thread)),
  /** One thread with its runs. */
  'threads.get': call(z.object({ threadId: ThreadId }).strict(), ThreadWithRuns),
  /** Fires when a thread is created. */
  'threads.changed': event(Thread),
} as const;
