// "Delete…": lists what deleting the run would lose (modified, untracked and ignored files, commits
// not merged into the base) before asking; the backup ref keeps a snapshot either way.
import { useState } from 'react';
import type { LossReport, Run } from '../../../../shared/contract';
import { deleteRun } from '../../actions/lifecycle-actions';
import { useServices } from '../../app-services';
import { useAsync } from '../../hooks/use-async';
import { errorMessage } from '../../lib/errors';
import { plural } from '../../lib/format';
import { Dialog } from '../Dialog';

export function DeleteRunDialog({ run, onClose }: { run: Run; onClose: () => void }) {
  const services = useServices();
  const loss = useAsync(`loss\u0000${run.id}`, () => services.client.call('runs.describeLoss', { runId: run.id }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await deleteRun(services, run.id);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <Dialog testId="delete-dialog" title={`Delete run ${run.index}?`} onClose={onClose} busy={busy} wide>
      <p className="muted small">
        Removes the worktree <code>{run.worktreePath}</code> and the branch <code>{run.branch}</code> (the branch only if it is fully merged).
      </p>
      {loss.error && (
        <p className="form-error" role="alert">
          Could not tell what would be lost: {loss.error}
        </p>
      )}
      {!loss.data && !loss.error && (
        <p className="progress" aria-busy="true">
          <span className="spinner" aria-hidden="true" /> Looking for work that would be lost{'\u2026'}
        </p>
      )}
      {loss.data && <LossList report={loss.data} />}
      <p className="hint" data-testid="delete-backup-note">
        A snapshot of everything (commits, uncommitted and untracked files) is kept in <code>refs/switchyard/backup/{run.id}</code>, so the work can still be recovered with git.
      </p>
      {error && (
        <p className="form-error" role="alert" data-testid="delete-error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        {busy && (
          <span className="progress" role="status">
            <span className="spinner" aria-hidden="true" /> Deleting{'\u2026'}
          </span>
        )}
        <button type="button" className="btn" autoFocus disabled={busy} onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" data-testid="delete-confirm" disabled={busy || !loss.data} aria-busy={busy} onClick={() => void confirm()}>
          Delete
        </button>
      </div>
    </Dialog>
  );
}

function LossList({ report }: { report: LossReport }) {
  const sections = [
    { label: 'Modified files', list: report.modified, text: (s: string) => s },
    { label: 'Untracked files', list: report.untracked, text: (s: string) => s },
    { label: 'Ignored files', list: report.ignored, text: (s: string) => s },
  ];
  const nothing = sections.every((s) => s.list.total === 0) && report.unmergedCommits.total === 0;
  return (
    <div className="loss-report" data-testid="loss-report">
      {!report.worktreeExists && <p className="muted">The worktree is already gone (archived).</p>}
      {nothing && <p data-testid="loss-nothing">Nothing would be lost: no uncommitted files and no unmerged commits.</p>}
      {sections.map(({ label, list }) =>
        list.total === 0 ? null : (
          <section key={label} className="loss-section">
            <h3 className="loss-title">
              {label} ({list.total})
            </h3>
            <ul className="file-list">
              {list.items.map((f) => (
                <li key={f}>
                  <code>{f}</code>
                </li>
              ))}
            </ul>
            {list.total > list.items.length && <p className="muted small">and {plural(list.total - list.items.length, 'more file')}</p>}
          </section>
        ),
      )}
      {report.unmergedCommits.total > 0 && (
        <section className="loss-section">
          <h3 className="loss-title">Commits not merged into the base ({report.unmergedCommits.total})</h3>
          <ul className="file-list">
            {report.unmergedCommits.items.map((c) => (
              <li key={c.sha}>
                <code>{c.sha.slice(0, 8)}</code> {c.subject}
              </li>
            ))}
          </ul>
          {report.unmergedCommits.total > report.unmergedCommits.items.length && (
            <p className="muted small">and {plural(report.unmergedCommits.total - report.unmergedCommits.items.length, 'more commit')}</p>
          )}
        </section>
      )}
    </div>
  );
}
