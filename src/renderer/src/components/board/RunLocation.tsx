// Where a run's work lives, for the focused run's header: its branch and worktree path, each with
// a copy button, and the buttons that open the worktree in an editor or a terminal.
import type { Run } from '../../../../shared/contract';
import { CopyButton } from '../CopyButton';
import { OpenInButtons } from './OpenInButtons';
import '../../styles/board.css';

export function RunLocation({ run }: { run: Pick<Run, 'id' | 'branch' | 'worktreePath' | 'archivedAt'> }) {
  return (
    <div className="focused-row secondary run-location" data-testid="run-location">
      <span>branch</span>
      <code className="run-branch" data-testid="focused-branch" title={run.branch}>
        {run.branch}
      </code>
      <CopyButton text={run.branch} label="Copy branch name" />
      <span>in</span>
      <code className="focused-path" data-testid="focused-worktree" title={run.worktreePath}>
        {run.worktreePath || '\u2014'}
      </code>
      {run.worktreePath && <CopyButton text={run.worktreePath} label="Copy worktree path" />}
      <span className="spacer" />
      <OpenInButtons run={run} />
    </div>
  );
}
