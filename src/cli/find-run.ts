// Turns the RUN argument of `diff` and `merge` into a run and its thread: a run id, a unique start of
// one (at least MIN_PREFIX characters, like a short git hash), or the run's branch name.
import type { Run, Thread } from '../shared/contract';
import type { ThreadId } from '../shared/ids';
import type { RpcClient } from '../shared/rpc/client';
import { CliFailure, UsageError } from './exit-codes';

/** Shortest id prefix accepted: shorter ones match too much to be meant. */
const MIN_PREFIX = 4;

export interface FoundRun {
  run: Run;
  thread: Thread;
}

export async function findRun(client: RpcClient, ref: string): Promise<FoundRun> {
  const wanted = ref.trim();
  if (wanted === '') throw new UsageError('Say which run: its id (from `switchyard list`) or its branch.');
  const threads = await client.call('threads.list', {});
  const matches: FoundRun[] = [];
  for (const thread of threads) {
    const { runs } = await client.call('threads.get', { threadId: thread.id as ThreadId });
    for (const run of runs) {
      if (run.id === wanted || run.branch === wanted) return { run, thread };
      if (wanted.length >= MIN_PREFIX && run.id.startsWith(wanted.toLowerCase())) matches.push({ run, thread });
    }
  }
  if (matches.length === 1) return matches[0] as FoundRun;
  if (matches.length > 1) throw new UsageError(`"${wanted}" matches ${matches.length} runs (${matches.map((m) => m.run.id).join(', ')}); give more of the id.`);
  throw new CliFailure(`No run "${wanted}" in this data folder. \`switchyard list\` shows the runs there are.`);
}
