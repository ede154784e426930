// The sidebar's drift notice: worktrees whose records and git disagree (found by `app.drift` on
// connect and when a repository opens). Opens a dialog listing each one's message and path; the
// user decides what to do, Switchyard never deletes or recreates anything by itself. Dismissable
// for the session.
import { useState } from 'react';
import type { Drift } from '../../../../shared/contract';
import { dismissDrift } from '../../actions/drift-actions';
import { useAppState, useServices } from '../../app-services';
import { plural } from '../../lib/format';
import { CopyButton } from '../CopyButton';
import { Dialog } from '../Dialog';

export function DriftNotice() {
  const services = useServices();
  const drift = useAppState((s) => s.drift);
  const dismissed = useAppState((s) => s.driftDismissed);
  const [open, setOpen] = useState(false);
  if (dismissed || drift.length === 0) return null;
  const summary = `${plural(drift.length, 'worktree')} need${drift.length === 1 ? 's' : ''} attention`;
  const dismiss = (): void => {
    setOpen(false);
    dismissDrift(services);
  };
  return (
    <div className="drift-notice" role="status">
      <button type="button" className="btn btn-ghost drift-notice-button" data-testid="drift-notice" data-count={drift.length} onClick={() => setOpen(true)}>
        <span aria-hidden="true">{'\u26a0'}</span> {summary}
      </button>
      {open && <DriftDialog drift={drift} title={summary} onClose={() => setOpen(false)} onDismiss={dismiss} />}
    </div>
  );
}

function DriftDialog({ drift, title, onClose, onDismiss }: { drift: readonly Drift[]; title: string; onClose: () => void; onDismiss: () => void }) {
  return (
    <Dialog testId="drift-dialog" title={title} onClose={onClose} wide>
      <p className="hint">
        Switchyard&rsquo;s records and <code>git worktree list</code> disagree about these. Switchyard never deletes or recreates anything by
        itself: look at each path and decide what to do.
      </p>
      <ul className="drift-list">
        {drift.map((d, i) => (
          <li key={`${d.kind}\u0000${d.path}\u0000${i}`} className="drift-item" data-testid="drift-item" data-kind={d.kind} data-run-id={d.runId ?? undefined}>
            <span className="drift-message">{d.message}</span>
            <span className="drift-path-row">
              <code className="drift-path" data-testid="drift-path" title={d.path}>
                {d.path}
              </code>
              <CopyButton text={d.path} label="Copy the path" />
            </span>
            {d.repoPath && <span className="muted small">Repository: {d.repoPath}</span>}
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" className="btn" data-testid="drift-dismiss" onClick={onDismiss} title="Hide this notice until Switchyard is reopened">
          Dismiss for this session
        </button>
        <button type="button" className="btn" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
