// The board's status filter and grouping: each run falls in exactly one bucket, from its process
// status plus what its agent reports (the same reading as the header's activity counts):
// - working: starting, or running with no report of being done or waiting (shells and commands too);
// - needs input: running and its agent waits for the user (a guess from quiet output included, as
//   the card shows it with a question mark);
// - done: running and its agent finished its turn, or the process exited 0 by itself;
// - failed: the run failed (no worktree, setup or spawn failed) or its process exited non-zero by itself;
// - stopped: stopped by the user, or interrupted because the app quit while it ran. Neither is the
//   agent's failure, and neither is finished work, so they get their own bucket.
// Pure functions, unit tested.
import type { Run } from '../../../shared/contract';
import { activityBucket } from '../state/agents-slice';
import { isActive } from '../state/runs-slice';

export type RunBucket = 'working' | 'needs-input' | 'done' | 'failed' | 'stopped';
export type BoardFilter = 'all' | RunBucket;

/** The order of the filter's segments and of the groups. */
export const RUN_BUCKETS: readonly RunBucket[] = ['working', 'needs-input', 'done', 'failed', 'stopped'];

export const BUCKET_LABELS: Readonly<Record<BoardFilter, string>> = {
  all: 'All',
  working: 'Working',
  'needs-input': 'Needs input',
  done: 'Done',
  failed: 'Failed',
  stopped: 'Stopped',
};

type Bucketed = Pick<Run, 'status' | 'activity' | 'exitCode' | 'stoppedByUser'>;

export function bucketOf(run: Bucketed): RunBucket {
  const reported = activityBucket(run);
  if (reported) return reported;
  if (isActive(run.status)) return 'working';
  if (run.status === 'failed') return 'failed';
  if (run.status === 'exited' && !run.stoppedByUser) return 'failed'; // a clean exit is 'done' above
  return 'stopped';
}

export type BucketCounts = Record<BoardFilter, number>;

export function countByBucket(runs: readonly Bucketed[]): BucketCounts {
  const counts: BucketCounts = { all: runs.length, working: 0, 'needs-input': 0, done: 0, failed: 0, stopped: 0 };
  for (const run of runs) counts[bucketOf(run)] += 1;
  return counts;
}

/** The segments the filter shows: every bucket but "stopped", which appears only when it has runs or is chosen. */
export function visibleFilters(counts: BucketCounts, current: BoardFilter): BoardFilter[] {
  return ['all', ...RUN_BUCKETS.filter((b) => b !== 'stopped' || counts.stopped > 0 || current === 'stopped')];
}

export function matchesFilter(bucket: RunBucket, filter: BoardFilter): boolean {
  return filter === 'all' || bucket === filter;
}

export interface RunGroup<T> {
  readonly bucket: RunBucket;
  readonly items: readonly T[];
}

export type ArrangedRuns<T> = { readonly grouped: false; readonly items: readonly T[] } | { readonly grouped: true; readonly groups: readonly RunGroup<T>[] };

/**
 * The items that pass the filter, in their order (the runs' index); when grouping, split into one
 * group per non-empty bucket, in RUN_BUCKETS order.
 */
export function arrangeRuns<T>(items: readonly T[], bucketOfItem: (item: T) => RunBucket, filter: BoardFilter, group: boolean): ArrangedRuns<T> {
  const shown = items.filter((item) => matchesFilter(bucketOfItem(item), filter));
  if (!group) return { grouped: false, items: shown };
  const groups = RUN_BUCKETS.map((bucket) => ({ bucket, items: shown.filter((item) => bucketOfItem(item) === bucket) })).filter((g) => g.items.length > 0);
  return { grouped: true, groups };
}
