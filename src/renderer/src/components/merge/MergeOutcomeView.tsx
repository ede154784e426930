// What a merge did: merged (old and new tip, with Undo while the base has not moved on), or why it
// was refused (conflicts with their files, a dirty checkout with its files, a moved base, nothing
// to merge). Refusals changed nothing.
import { useState } from 'react';
import type { MergeOutcome, Thread } from '../../../../shared/contract';
import { undoMerge } from '../../actions/merge-actions';
import { useServices } from '../../app-services';
import { errorMessage } from '../../lib/errors';
import { BusyButton } from '../Busy';
import { ResolveWithAgent } from './ResolveWithAgent';

interface Props {
  readonly outcome: MergeOutcome;
  readonly thread: Thread;
  readonly runId: string;
  /** The other runs were to be archived with the merge. */
  readonly archivedOthers: boolean;
  readonly onClose: () => void;
  readonly onRetry: () => void;
}

const TITLES: Record<MergeOutcome['kind'], string> = {
  merged: 'Merged',
  conflict: 'Not merged: conflicts',
  'nothing-to-merge': 'Nothing to merge',
  'base-moved': 'Not merged: the base branch moved',
  'dirty-checkout': 'Not merged: your checkout has uncommitted changes',
};

export function MergeOutcomeView({ outcome, thread, runId, archivedOthers, onClose, onRetry }: Props) {
  const services = useServices();
  const [undo, setUndo] = useState<{ busy: boolean; message: string | null; undone: boolean }>({ busy: false, message: null, undone: false });
  const doUndo = async (mergeId: string): Promise<void> => {
    setUndo({ busy: true, message: null, undone: false });
    try {
      const r = await undoMerge(services, mergeId, thread.id);
      setUndo({ busy: false, message: r.message, undone: r.undone });
    } catch (err) {
      setUndo({ busy: false, message: errorMessage(err), undone: false });
    }
  };
  const ok = outcome.kind === 'merged';
  return (
    <div className={`merge-outcome ${ok ? 'is-ok' : 'is-refused'}`} data-testid="merge-outcome" data-kind={outcome.kind} role="status">
      <h3 className="merge-outcome-title">{undo.undone ? 'Merge undone' : TITLES[outcome.kind]}</h3>
      {outcome.kind === 'merged' && (
        <p>
          <code>{thread.baseBranch}</code> moved from <code title={outcome.oldTip}>{outcome.oldTip.slice(0, 10)}</code> to{' '}
          <code title={outcome.newTip}>{outcome.newTip.slice(0, 10)}</code> ({outcome.mode}).
          {outcome.checkout ? ` Your checkout at ${outcome.checkout} was fast-forwarded.` : ''}
          {archivedOthers ? ' The other runs were archived: their work is in backup refs, and the Trash restores them.' : ''}
        </p>
      )}
      {outcome.kind !== 'merged' && <p data-testid="merge-message-text">{outcome.message}</p>}
      {outcome.kind === 'conflict' && (
        <>
          <FileList testId="merge-conflict-files" label="Conflicting files" files={outcome.files} />
          <ResolveWithAgent runId={runId} />
        </>
      )}
      {outcome.kind === 'dirty-checkout' && (
        <>
          <p className="muted small">
            Checkout: <code>{outcome.path}</code>
          </p>
          <FileList testId="merge-dirty-files" label="Uncommitted files" files={outcome.files} />
        </>
      )}
      {undo.message && (
        <p className={undo.undone ? 'muted' : 'form-error'} data-testid="merge-undo-message">
          {undo.message}
        </p>
      )}
      <div className="dialog-actions">
        {outcome.kind === 'merged' && !undo.undone && (
          <BusyButton className="btn" data-testid="merge-undo" busy={undo.busy} busyLabel={'Undoing\u2026'} onClick={() => void doUndo(outcome.mergeId)}>
            Undo
          </BusyButton>
        )}
        {!ok && (
          <button type="button" className="btn" onClick={onRetry}>
            Back
          </button>
        )}
        <button type="button" className="btn btn-primary" data-testid="merge-close" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

function FileList({ testId, label, files }: { testId: string; label: string; files: readonly string[] }) {
  return (
    <ul className="file-list" data-testid={testId} aria-label={label}>
      {files.map((f) => (
        <li key={f}>
          <code>{f}</code>
        </li>
      ))}
    </ul>
  );
}
