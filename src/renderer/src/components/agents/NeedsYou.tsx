// The sidebar's "Needs you" button: how many runs of this repository wait for the user, and a jump
// to the next one. Its shortcut (Ctrl/Cmd+J by default) is the "Jump to the next run needing input"
// command's; on Windows and Linux a running program's terminal keeps Ctrl+J (its line feed).
import { useEffect, useState } from 'react';
import { jumpToNextNeeding } from '../../actions/agent-actions';
import { useAppState, useServices } from '../../app-services';
import { useShortcut } from '../../commands/commands-context';
import { plural } from '../../lib/format';
import { needsYouCount } from '../../state/agents-slice';

/** The default jump chord, which a focused terminal passes to the page when no program reads it. */
export const JUMP_HOTKEY = { key: 'j', mod: true } as const;

export function NeedsYou() {
  const services = useServices();
  const count = useAppState(needsYouCount);
  const shortcut = useShortcut('run.nextNeedingInput');
  const [note, setNote] = useState('');
  const jump = (): void => setNote(jumpToNextNeeding(services) ? '' : 'No run needs you right now.');
  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => setNote(''), 3000);
    return () => clearTimeout(timer);
  }, [note]);
  const title = `${count > 0 ? `${plural(count, 'run')} waiting for you. ` : ''}Jump to the next run that needs input${shortcut ? ` (${shortcut.label})` : ''}`;
  return (
    <div className="needs-you">
      <button
        type="button"
        className={`btn btn-ghost needs-you-button${count > 0 ? ' has-count' : ''}`}
        data-testid="jump-next-needing"
        aria-keyshortcuts={shortcut?.aria}
        title={title}
        onClick={jump}
      >
        <span>Needs you</span>
        <span className="needs-you-count" data-testid="needs-you-count" data-count={count} aria-label={plural(count, 'run')}>
          {count}
        </span>
        {shortcut && <kbd aria-hidden="true">{shortcut.label}</kbd>}
      </button>
      <span className="visually-hidden" role="status">
        {note || (count > 0 ? `${plural(count, 'run')} need${count === 1 ? 's' : ''} you` : '')}
      </span>
    </div>
  );
}
