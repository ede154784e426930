// The sidebar's "Needs you" button: how many runs of this repository wait for the user, and a jump
// to the next one (Ctrl/Cmd+J, from anywhere but a focused terminal on Windows and Linux, where
// Ctrl+J is the program's line feed).
import { useEffect, useState } from 'react';
import { jumpToNextNeeding } from '../../actions/agent-actions';
import { useAppState, useServices } from '../../app-services';
import { useHotkey } from '../../hooks/use-hotkey';
import { modKeyLabel, plural } from '../../lib/format';
import { needsYouCount } from '../../state/agents-slice';

export const JUMP_HOTKEY = { key: 'j', mod: true } as const;

export function NeedsYou() {
  const services = useServices();
  const count = useAppState(needsYouCount);
  const mod = modKeyLabel(useAppState((s) => s.info?.platform ?? navigator.platform));
  const [note, setNote] = useState('');
  const jump = (): void => setNote(jumpToNextNeeding(services) ? '' : 'No run needs you right now.');
  useHotkey(JUMP_HOTKEY, jump);
  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => setNote(''), 3000);
    return () => clearTimeout(timer);
  }, [note]);
  const title = `${count > 0 ? `${plural(count, 'run')} waiting for you. ` : ''}Jump to the next run that needs input (${mod}J)`;
  return (
    <div className="needs-you">
      <button
        type="button"
        className={`btn btn-ghost needs-you-button${count > 0 ? ' has-count' : ''}`}
        data-testid="jump-next-needing"
        aria-keyshortcuts="Control+J Meta+J"
        title={title}
        onClick={jump}
      >
        <span>Needs you</span>
        <span className="needs-you-count" data-testid="needs-you-count" data-count={count} aria-label={plural(count, 'run')}>
          {count}
        </span>
        <kbd aria-hidden="true">{mod}J</kbd>
      </button>
      <span className="visually-hidden" role="status">
        {note || (count > 0 ? `${plural(count, 'run')} need${count === 1 ? 's' : ''} you` : '')}
      </span>
    </div>
  );
}
