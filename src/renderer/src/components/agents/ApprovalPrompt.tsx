// The built-in agent asks before each shell command (approval mode 'ask'): the command, whether it
// runs in the sandbox, and Approve / Deny. On the run's card and in its focused view. When the
// run waits for an answer this window never received (it connected later), it asks the core for it.
import { useEffect, useState, type SyntheticEvent } from 'react';
import type { Run } from '../../../../shared/contract';
import { answerApproval } from '../../actions/agent-actions';
import { useAppState, useServices } from '../../app-services';
import { addApproval, approvalsOf, liveActivity, type PendingApproval } from '../../state/agents-slice';

/** A double-click inside the prompt (quick Approve clicks) is not the card's "open the run". */
const keepInside = (event: SyntheticEvent): void => event.stopPropagation();

function ApprovalItem({ approval, runIndex }: { approval: PendingApproval; runIndex: number }) {
  const services = useServices();
  const [busy, setBusy] = useState<'approve' | 'deny' | null>(null);
  const answer = async (approve: boolean): Promise<void> => {
    setBusy(approve ? 'approve' : 'deny');
    await answerApproval(services, approval.runId, approval.callId, approve);
    setBusy(null);
  };
  return (
    <div className="approval" role="group" aria-label={`Run ${runIndex} asks to run a command`} data-testid="approval-prompt" data-call-id={approval.callId}>
      <p className="approval-title">
        Run this command?{' '}
        <span className={approval.sandboxed ? 'muted' : 'approval-unsandboxed'}>
          {approval.sandboxed ? 'in the sandbox' : 'not sandboxed: it can touch anything you can'}
        </span>
      </p>
      <pre className="approval-command" data-testid="approval-command">
        {approval.command}
      </pre>
      <div className="approval-actions">
        <button type="button" className="btn btn-small btn-primary" data-testid="approval-approve" disabled={busy !== null} onClick={() => void answer(true)}>
          {busy === 'approve' ? 'Approving\u2026' : 'Approve'}
        </button>
        <button type="button" className="btn btn-small" data-testid="approval-deny" disabled={busy !== null} onClick={() => void answer(false)}>
          {busy === 'deny' ? 'Denying\u2026' : 'Deny'}
        </button>
      </div>
    </div>
  );
}

/** How long a waiting run may go without its request arriving before the window says it missed it (ms). */
const MISSED_GRACE_MS = 1500;

/**
 * The run waits for an approval this window has not received (it connected after the request): after
 * a grace period (the request normally follows the waiting state at once), ask the core what is
 * waiting; only if that fails too, say so.
 */
function MissedApproval({ runId }: { runId: string }) {
  const services = useServices();
  const [missed, setMissed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      services.client
        .call('runs.pendingApprovals', { runId })
        .then((pending) => {
          if (cancelled) return;
          if (pending.length === 0) setMissed(true);
          for (const req of pending) services.store.setState((s) => addApproval(s, req));
        })
        .catch(() => !cancelled && setMissed(true));
    }, MISSED_GRACE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [services, runId]);
  if (!missed) return null;
  return (
    <p className="approval-missed" data-testid="approval-missed">
      The agent is waiting for an approval that could not be loaded here. Stop the run to cancel the command, then send a follow-up to continue.
    </p>
  );
}

export function ApprovalPrompt({ run }: { run: Pick<Run, 'id' | 'index' | 'status' | 'activity'> }) {
  const approvals = useAppState((s) => approvalsOf(s, run.id));
  const activity = liveActivity(run);
  const waiting = activity?.state === 'needs-input' && activity.source === 'loop';
  if (approvals.length === 0 && !waiting) return null;
  return (
    <div className="approvals" onDoubleClick={keepInside}>
      {approvals.map((a) => (
        <ApprovalItem key={a.callId} approval={a} runIndex={run.index} />
      ))}
      {approvals.length === 0 && <MissedApproval runId={run.id} />}
    </div>
  );
}
