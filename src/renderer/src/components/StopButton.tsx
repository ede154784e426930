// Stops a run's process (the worktree is kept); shows progress while the core stops it.
import { useState } from 'react';
import { stopRun } from '../actions/run-actions';
import { useServices } from '../app-services';
import { BusyButton } from './Busy';

export function StopButton({ runId }: { runId: string }) {
  const services = useServices();
  const [stopping, setStopping] = useState(false);
  const stop = async (): Promise<void> => {
    setStopping(true);
    await stopRun(services, runId);
    setStopping(false);
  };
  return (
    <BusyButton
      className="btn btn-danger btn-small"
      data-testid="stop-run"
      busy={stopping}
      busyLabel={'Stopping\u2026'}
      onClick={() => void stop()}
      title="Stop the agent's process; its worktree and branch are kept"
    >
      Stop
    </BusyButton>
  );
}
