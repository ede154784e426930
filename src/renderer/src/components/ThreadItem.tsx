// One thread in the sidebar: title, relative time, run count and a dot per run's status; while the
// sidebar is searched, the matches highlighted and where a word outside the title was found.
import { memo, useMemo } from 'react';
import { selectThread } from '../actions/thread-actions';
import { useAppState, useServices } from '../app-services';
import { useNow } from '../hooks/use-now';
import { formatRelative, plural } from '../lib/format';
import { matchThread } from '../lib/thread-search';
import { liveActivity } from '../state/agents-slice';
import { isOnBoard } from '../state/review-slice';
import { runIdsOfThread, statusTone } from '../state/runs-slice';
import type { Thread } from '../../../shared/contract';
import { Marked } from './board/Marked';
import { useThreadBranches } from './board/use-thread-search';

/** Relative times in the sidebar are refreshed this often, in ms. */
const RELATIVE_TIME_PERIOD_MS = 30_000;

const NO_TERMS: readonly string[] = [];

export const ThreadItem = memo(function ThreadItem({ thread, terms = NO_TERMS }: { thread: Thread; terms?: readonly string[] }) {
  const services = useServices();
  const selected = useAppState((s) => s.selectedThreadId === thread.id);
  // A string, so the item re-renders only when a status actually changes.
  const tones = useAppState((s) =>
    runIdsOfThread(s, thread.id)
      .map((id) => {
        const run = s.runsById[id];
        return run ? statusTone(run) : '';
      })
      .join(' '),
  );
  const waiting = useAppState(
    (s) =>
      runIdsOfThread(s, thread.id).filter((id) => {
        const run = s.runsById[id];
        return run !== undefined && isOnBoard(run) && liveActivity(run)?.state === 'needs-input';
      }).length,
  );
  const now = useNow(RELATIVE_TIME_PERIOD_MS);
  const branches = useThreadBranches(thread.id, terms.length > 0);
  const match = useMemo(() => (terms.length > 0 ? matchThread(thread, branches, terms) : null), [thread, branches, terms]);
  const dots = tones ? tones.split(' ') : [];
  const live = dots.filter((t) => t === 'live' || t === 'pending').length;

  return (
    <li>
      <button
        type="button"
        className="thread-item"
        data-testid="thread-item"
        data-thread-id={thread.id}
        aria-current={selected ? 'true' : undefined}
        title={thread.prompt.slice(0, 500)}
        onClick={() => void selectThread(services, thread.id)}
      >
        <span className="thread-title">{match ? <Marked marked={match.title} /> : thread.title}</span>
        {match?.also && (
          <span className={`thread-match is-${match.also.kind}`} data-testid="thread-match" data-kind={match.also.kind}>
            {match.also.kind === 'branch' && <span className="thread-match-kind">branch </span>}
            <Marked marked={match.also.marked} />
          </span>
        )}
        <span className="thread-meta">
          <time dateTime={new Date(thread.createdAt).toISOString()}>{formatRelative(thread.createdAt, now)}</time>
          {dots.length > 0 && (
            <>
              <span aria-hidden="true">{'\u00b7'}</span>
              <span>
                {plural(dots.length, 'run')}
                {live > 0 ? `, ${live} active` : ''}
              </span>
              {waiting > 0 && (
                <span className="thread-needs-you" data-testid="thread-needs-you" data-count={waiting} title={`${plural(waiting, 'run')} waiting for you`}>
                  {waiting}
                  <span className="visually-hidden"> waiting for you</span>
                </span>
              )}
              <span className="status-dots" aria-hidden="true">
                {dots.map((tone, i) => (
                  <span key={i} className={`status-dot tone-${tone}`} />
                ))}
              </span>
            </>
          )}
        </span>
      </button>
    </li>
  );
});
