// A run card's footer: Focus, Review, Run checks, Merge…, Stop while it runs, Resume (agent CLIs),
// Archive and Delete… once it has ended.
import type { Run } from '../../../shared/contract';
import { openReview } from '../actions/panel-actions';
import { useAppState, useServices } from '../app-services';
import { isActive } from '../state/runs-slice';
import { findThread } from '../state/threads-slice';
import { RunChecksButton } from './checks/CheckBadges';
import { RunLifecycleButtons } from './lifecycle/RunLifecycleButtons';
import { MergeButton } from './merge/MergeButton';
import { ResumeButton } from './ResumeButton';
import { StopButton } from './StopButton';

export function RunCardActions({ run, onFocus }: { run: Run; onFocus: () => void }) {
  const services = useServices();
  const thread = useAppState((s) => findThread(s, run.threadId));
  const isCli = useAppState((s) => s.profiles.find((p) => p.id === run.profileId)?.kind === 'cli');
  const canResume = isCli && !isActive(run.status) && run.archivedAt === null && run.worktreePath !== '';
  return (
    <footer className="run-card-actions">
      <button type="button" className="btn btn-small" data-testid="focus-run" onClick={onFocus} title="Open the terminal (Enter)">
        Focus
      </button>
      <button type="button" className="btn btn-small" data-testid="open-review" onClick={() => openReview(services, run.id)} title="Review this run's changes">
        Review
      </button>
      {!isActive(run.status) && <RunChecksButton runId={run.id} />}
      {thread && <MergeButton run={run} thread={thread} />}
      {isActive(run.status) && <StopButton runId={run.id} />}
      {canResume && <ResumeButton runId={run.id} />}
      <RunLifecycleButtons run={run} />
    </footer>
  );
}
