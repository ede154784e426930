// "Merge…" for a run that has finished and is not archived; opens the merge dialog.
import { useState } from 'react';
import type { Run, Thread } from '../../../../shared/contract';
import { isFinished } from '../../state/review-slice';
import { MergeDialog } from './MergeDialog';

export function MergeButton({ run, thread, primary = false }: { run: Run; thread: Thread; primary?: boolean }) {
  const [open, setOpen] = useState(false);
  if (!isFinished(run) || run.archivedAt !== null) return null;
  return (
    <>
      <button
        type="button"
        className={`btn btn-small${primary ? ' btn-primary' : ''}`}
        data-testid="merge-run"
        onClick={() => setOpen(true)}
        title={`Merge this run into ${thread.baseBranch}`}
      >
        Merge{'\u2026'}
      </button>
      {open && <MergeDialog run={run} thread={thread} onClose={() => setOpen(false)} />}
    </>
  );
}
