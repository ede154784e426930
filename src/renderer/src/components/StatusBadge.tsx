// A run's status as a coloured badge: starting, running, exited N, stopped, failed, interrupted.
import type { Run } from '../../../shared/contract';
import { statusLabel, statusTone } from '../state/runs-slice';

export function StatusBadge({ run }: { run: Pick<Run, 'status' | 'exitCode' | 'stoppedByUser'> }) {
  return (
    <span className={`status-badge tone-${statusTone(run)}`} data-testid="run-status">
      <span className="status-dot" aria-hidden="true" />
      {statusLabel(run)}
    </span>
  );
}
