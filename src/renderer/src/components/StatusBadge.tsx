// A run's status as a coloured badge: starting, running, exited N, failed, interrupted.
import type { Run } from '../../../shared/contract';
import { statusLabel, statusTone } from '../state/runs-slice';

export function StatusBadge({ run }: { run: Pick<Run, 'status' | 'exitCode'> }) {
  return (
    <span className={`status-badge tone-${statusTone(run)}`} data-testid="run-status">
      <span className="status-dot" aria-hidden="true" />
      {statusLabel(run)}
    </span>
  );
}
