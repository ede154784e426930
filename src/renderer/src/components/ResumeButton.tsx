// Starts an agent CLI again in its run's worktree, continuing its last session; says so while the
// core starts it (a failure is reported as a toast naming the run's problem).
import { resumeRun } from '../actions/run-actions';
import { useServices } from '../app-services';
import { useBusy } from '../hooks/use-busy';
import { BusyButton } from './Busy';

export function ResumeButton({ runId }: { runId: string }) {
  const services = useServices();
  const { busy, run } = useBusy();
  return (
    <BusyButton
      className="btn btn-small"
      data-testid="resume-run"
      busy={busy}
      busyLabel={'Resuming\u2026'}
      onClick={() => void run(() => resumeRun(services, runId))}
      title="Start the agent again in this worktree, continuing its last session"
    >
      Resume
    </BusyButton>
  );
}
