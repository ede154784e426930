// Find in the focused terminal's scrollback: searches as you type, Enter for the next match,
// Shift+Enter for the previous one, Escape closes (focus goes back to the terminal, the view stays).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useServices } from '../app-services';
import { useTerminalView } from '../hooks/use-terminal-view';

interface Props {
  readonly runId: string;
  /** Changes each time the user asks for the search bar again (Ctrl/Cmd+F): the field is focused. */
  readonly focusToken: number;
  readonly onClose: () => void;
}

export function TerminalSearch({ runId, focusToken, onClose }: Props) {
  const { terminals } = useServices();
  const { search } = useTerminalView(runId);
  const [query, setQuery] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [focusToken]);
  useEffect(() => () => terminals.clearSearch(runId), [terminals, runId]);

  const find = (direction: 'next' | 'previous', text = query, incremental = false): void => {
    terminals.find(runId, text, direction, incremental);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      find(event.shiftKey ? 'previous' : 'next');
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation(); // closes the search only, never the focused view
      onClose();
    }
  };

  let count = '';
  if (query && search) count = search.count === 0 ? 'No results' : search.index < 0 ? `${search.count}+` : `${search.index + 1} of ${search.count}`;

  return (
    <div className="terminal-search" data-testid="terminal-search" role="search">
      <input
        ref={inputRef}
        className="terminal-search-input"
        data-testid="terminal-search-input"
        aria-label="Find in terminal"
        placeholder="Find"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          find('next', event.target.value, true);
        }}
        onKeyDown={onKeyDown}
      />
      <span className="terminal-search-count" data-testid="terminal-search-count" aria-live="polite">
        {count}
      </span>
      <button type="button" className="btn btn-ghost btn-small" onClick={() => find('previous')} title="Previous match (Shift+Enter)" aria-label="Previous match">
        {'\u2191'}
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={() => find('next')} title="Next match (Enter)" aria-label="Next match">
        {'\u2193'}
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={onClose} title="Close (Esc)" aria-label="Close search">
        {'\u00d7'}
      </button>
    </div>
  );
}
