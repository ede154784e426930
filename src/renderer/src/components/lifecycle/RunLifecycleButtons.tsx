// Archive (worktree removed in the background; branch and backup kept; restorable from the trash)
// and Delete… (after confirmation), for a run whose process has ended.
import { useState } from 'react';
import type { Run } from '../../../../shared/contract';
import { archiveRun } from '../../actions/lifecycle-actions';
import { useServices } from '../../app-services';
import { isFinished } from '../../state/review-slice';
import { BusyButton } from '../Busy';
import { DeleteRunDialog } from './DeleteRunDialog';

export function RunLifecycleButtons({ run }: { run: Run }) {
  const services = useServices();
  const [archiving, setArchiving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  if (!isFinished(run) || run.archivedAt !== null) return null;
  const archive = async (): Promise<void> => {
    setArchiving(true);
    await archiveRun(services, run.id);
    setArchiving(false);
  };
  return (
    <>
      <BusyButton
        className="btn btn-small"
        data-testid="archive-run"
        busy={archiving}
        busyLabel={'Archiving\u2026'}
        onClick={() => void archive()}
        title="Remove the worktree; the branch and a backup stay, restorable from the trash"
      >
        Archive
      </BusyButton>
      <button type="button" className="btn btn-small btn-danger" data-testid="delete-run" onClick={() => setDeleting(true)}>
        Delete{'\u2026'}
      </button>
      {deleting && <DeleteRunDialog run={run} onClose={() => setDeleting(false)} />}
    </>
  );
}
