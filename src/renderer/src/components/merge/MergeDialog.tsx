// "Merge…": mode (merge commit, squash, rebase), commit message (the thread's prompt by default)
// and whether to archive the other runs; then the outcome, with Undo after a merge.
import { useState, type FormEvent } from 'react';
import type { MergeOutcome, Run, Thread } from '../../../../shared/contract';
import { mergeRun, type MergeMode } from '../../actions/merge-actions';
import { useServices } from '../../app-services';
import { errorMessage } from '../../lib/errors';
import { Dialog } from '../Dialog';
import { MergeOutcomeView } from './MergeOutcomeView';

const MODES: readonly { value: MergeMode; label: string }[] = [
  { value: 'merge', label: 'Merge commit' },
  { value: 'squash', label: 'Squash into one commit' },
  { value: 'rebase', label: 'Rebase onto the base branch' },
];

export function MergeDialog({ run, thread, onClose }: { run: Run; thread: Thread; onClose: () => void }) {
  const services = useServices();
  const [mode, setMode] = useState<MergeMode>('merge');
  const [message, setMessage] = useState(thread.prompt);
  const [archiveOthers, setArchiveOthers] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<MergeOutcome | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setOutcome(await mergeRun(services, { runId: run.id, threadId: thread.id, mode, message, archiveOthers }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog testId="merge-dialog" title={`Merge run ${run.index} into ${thread.baseBranch}`} onClose={onClose} busy={busy} wide>
      {outcome ? (
        <MergeOutcomeView outcome={outcome} thread={thread} runId={run.id} archivedOthers={archiveOthers} onClose={onClose} onRetry={() => setOutcome(null)} />
      ) : (
        <form className="merge-form" onSubmit={(e) => void submit(e)}>
          <p className="muted small">
            Branch <code>{run.branch}</code> ({run.profileName}) into <code>{thread.baseBranch}</code>. The merge is computed off to the side and
            published only if nothing in your checkout would change unexpectedly; the run{'\u2019'}s work is backed up first.
          </p>
          <label className="field">
            Mode
            <select data-testid="merge-mode" value={mode} disabled={busy} onChange={(e) => setMode(e.target.value as MergeMode)} autoFocus>
              {MODES.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Commit message
            <textarea data-testid="merge-message" className="mono" rows={5} value={message} disabled={busy} onChange={(e) => setMessage(e.target.value)} />
          </label>
          <label className="checkbox">
            <input type="checkbox" data-testid="merge-archive-others" checked={archiveOthers} disabled={busy} onChange={(e) => setArchiveOthers(e.target.checked)} />
            Archive the other runs of this thread after merging (their work stays in backup refs and the trash)
          </label>
          {error && (
            <p className="form-error" role="alert" data-testid="merge-error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            {busy && (
              <span className="progress" data-testid="merge-progress" role="status">
                <span className="spinner" aria-hidden="true" /> Merging{'\u2026'}
              </span>
            )}
            <button type="button" className="btn" disabled={busy} onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" data-testid="merge-confirm" disabled={busy || message.trim() === ''} aria-busy={busy}>
              Merge
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
