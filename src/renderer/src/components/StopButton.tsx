// Stops a run's process (the worktree is kept); shows progress while the core stops it.
import { useState } from 'react';
import { stopRun } from '../actions/run-actions';
import { useServices } from '../app-services';

export function StopButton({ runId }: { runId: string }) {
  const services = useServices();
  const [stopping, setStopping] = useState(false);
  const stop = async (): Promise<void> => {
    setStopping(true);
    await stopRun(services, runId);
    setStopping(false);
  };
  return (
    <button
      type="button"
      className="btn btn-danger btn-small"
      data-testid="stop-run"
      disabled={stopping}
      onClick={() => void stop()}
      title="Stop the agent's process; its worktree and branch are kept"
    >
      {stopping ? 'Stopping\u2026' : 'Stop'}
    </button>
  );
}
