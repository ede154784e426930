// The selected thread: its prompt (expandable), base branch, run counts by status, the status
// filter, and the thread-wide actions: Compare and Run checks on all (with the hint when no checks
// are set up).
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Thread } from '../../../shared/contract';
import { useAppState } from '../app-services';
import { plural } from '../lib/format';
import { isOnBoard } from '../state/review-slice';
import { countByStatus, RUN_STATUSES, runsOfThread } from '../state/runs-slice';
import { ActivityCounts } from './agents/ActivityCounts';
import { BoardActions } from './BoardActions';
import { BoardFilterBar } from './board/BoardFilterBar';
import { ChecksHint } from './checks/CheckBadges';

export function BoardHeader({ thread }: { thread: Thread }) {
  const [expanded, setExpanded] = useState(false);
  const counts = useAppState(useShallow((s) => countByStatus(runsOfThread(s, thread.id).filter(isOnBoard))));
  const total = RUN_STATUSES.reduce((n, st) => n + counts[st], 0);
  const multiline = thread.prompt.trim() !== thread.title.trim();
  return (
    <header className="board-header">
      <div className="board-title-row">
        <h1 className="board-title" title={thread.prompt}>
          {thread.title}
        </h1>
        {multiline && (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            aria-expanded={expanded}
            aria-controls="thread-prompt"
            onClick={() => setExpanded((e) => !e)}
          >
            {expanded ? 'Hide prompt' : 'Show prompt'}
          </button>
        )}
        <span className="spacer" />
        <BoardActions threadId={thread.id} />
      </div>
      {expanded && (
        <pre id="thread-prompt" className="board-prompt">
          {thread.prompt}
        </pre>
      )}
      <div className="board-meta">
        <span>
          base <code>{thread.baseBranch}</code>
          <span className="muted"> @ </span>
          <code title={thread.baseCommit}>{thread.baseCommit.slice(0, 8)}</code>
        </span>
        <span className="muted">{plural(total, 'run')}</span>
        <span className="status-counts" data-testid="status-counts">
          {RUN_STATUSES.filter((st) => counts[st] > 0).map((st) => (
            <span key={st} className={`status-count status-${st}`}>
              <span className="status-dot" aria-hidden="true" />
              {counts[st]} {st}
            </span>
          ))}
        </span>
        <ActivityCounts threadId={thread.id} />
      </div>
      <BoardFilterBar threadId={thread.id} />
      <ChecksHint threadId={thread.id} />
    </header>
  );
}
