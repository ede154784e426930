// The board header's actions for the whole thread: Compare (the runs side by side) and Run checks
// on all (every finished run on the board).
import { useState } from 'react';
import { runChecksOnAll } from '../actions/check-actions';
import { openCompare } from '../actions/panel-actions';
import { useServices } from '../app-services';

export function BoardActions({ threadId }: { threadId: string }) {
  const services = useServices();
  const [starting, setStarting] = useState(false);
  const checkAll = async (): Promise<void> => {
    setStarting(true);
    await runChecksOnAll(services, threadId);
    setStarting(false);
  };
  return (
    <div className="board-actions">
      <button type="button" className="btn btn-small" data-testid="run-checks-all" disabled={starting} aria-busy={starting} onClick={() => void checkAll()}>
        {starting && <span className="spinner spinner-small" aria-hidden="true" />}
        {starting ? 'Starting checks\u2026' : 'Run checks on all'}
      </button>
      <button type="button" className="btn btn-small" data-testid="open-compare" onClick={() => openCompare(services, threadId)} title="Compare the runs side by side">
        Compare
      </button>
    </div>
  );
}
