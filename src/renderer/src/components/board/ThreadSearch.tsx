// The sidebar's search field: filters the threads by title, prompt and branch names as you type.
// Esc clears it, Down moves to the first thread shown, Enter opens it. How many threads match is
// announced to screen readers.
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { clearThreadQuery, setThreadQuery } from '../../actions/board-actions';
import { selectThread } from '../../actions/thread-actions';
import { useAppState, useServices } from '../../app-services';
import { plural } from '../../lib/format';
import '../../styles/board.css';

interface Props {
  readonly total: number;
  readonly shown: number;
  /** The first thread shown, which Enter opens. */
  readonly firstThreadId: string | null;
}

export function ThreadSearch({ total, shown, firstThreadId }: Props) {
  const services = useServices();
  const query = useAppState((s) => s.threadQuery);
  const focusToken = useAppState((s) => s.threadSearchFocus);
  const inputRef = useRef<HTMLInputElement>(null);
  const statusId = useId();
  const searching = query.trim() !== '';

  useEffect(() => {
    if (focusToken === 0) return;
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [focusToken]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Escape' && query !== '') {
      event.preventDefault(); // not also "back to the board"
      event.stopPropagation();
      clearThreadQuery(services);
    } else if (event.key === 'ArrowDown') {
      const first = event.currentTarget.closest('.sidebar')?.querySelector<HTMLElement>('[data-testid="thread-item"]');
      if (!first) return;
      event.preventDefault();
      first.focus();
    } else if (event.key === 'Enter' && searching && firstThreadId) {
      event.preventDefault();
      void selectThread(services, firstThreadId);
    }
  };

  return (
    <div className="thread-search" role="search">
      <input
        ref={inputRef}
        type="search"
        className="thread-search-input"
        data-testid="thread-search"
        placeholder="Search threads"
        aria-label="Search threads by title, prompt or branch"
        aria-describedby={statusId}
        value={query}
        maxLength={200}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setThreadQuery(services, e.target.value)}
        onKeyDown={onKeyDown}
      />
      {query !== '' && (
        <button type="button" className="btn btn-ghost btn-icon thread-search-clear" data-testid="thread-search-clear" aria-label="Clear the search (Esc)" title="Clear the search (Esc)" onClick={() => clearThreadQuery(services)}>
          {'\u00d7'}
        </button>
      )}
      <span id={statusId} className="visually-hidden" role="status" data-testid="thread-search-status">
        {searching ? `${shown} of ${plural(total, 'thread')} match` : ''}
      </span>
    </div>
  );
}
