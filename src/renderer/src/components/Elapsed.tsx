// How long a run has been going: ticks every second while it runs, fixed once it ended.
import type { Run } from '../../../shared/contract';
import { useNow } from '../hooks/use-now';
import { formatDuration, runElapsedMs } from '../lib/format';
import { isActive } from '../state/runs-slice';

type Timed = Pick<Run, 'status' | 'startedAt' | 'endedAt'>;

function Ticking({ run }: { run: Timed }) {
  const now = useNow(1000);
  return <>{formatDuration(runElapsedMs(run, now) ?? 0)}</>;
}

export function Elapsed({ run }: { run: Timed }) {
  let body;
  if (run.startedAt === null) body = isActive(run.status) ? 'not started' : '\u2014';
  else if (run.endedAt !== null) body = formatDuration(run.endedAt - run.startedAt);
  else if (isActive(run.status)) body = <Ticking run={run} />;
  // Ended without an end time (e.g. interrupted by a crash): the duration is unknown.
  else body = '\u2014';
  return (
    <span className="elapsed" data-testid="run-elapsed" title="Elapsed time">
      {body}
    </span>
  );
}
