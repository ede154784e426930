// Another prompt for the focused run: typed into its terminal for CLI agents and shells, a new turn
// (with the conversation so far) for the built-in agent. Ctrl/Cmd+Enter sends; Escape gives the
// keyboard back to the terminal. Disabled, with the reason, when the run cannot take one.
import { useId, useState, type KeyboardEvent } from 'react';
import type { Run } from '../../../../shared/contract';
import { sendFollowUp } from '../../actions/agent-actions';
import { useAppState, useServices } from '../../app-services';
import { isModKey } from '../../hooks/use-hotkey';
import { modKeyLabel } from '../../lib/format';
import { followUpBlocker, profileKindOf } from '../../state/agents-slice';
import { BusyButton } from '../Busy';

const MAX_FOLLOW_UP_CHARS = 100_000;
const INPUT_CLASS = 'followup-input';

/** Gives the keyboard to the focused view's follow-up box, when it takes input. */
export function focusFollowUpInput(): void {
  const input = document.querySelector<HTMLTextAreaElement>(`textarea.${INPUT_CLASS}`);
  if (input && !input.disabled) input.focus();
}

export function FollowUpBar({ run }: { run: Run }) {
  const services = useServices();
  const id = useId();
  const kind = useAppState((s) => profileKindOf(s, run));
  const mod = modKeyLabel(useAppState((s) => s.info?.platform ?? navigator.platform));
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // When the last prompt was sent; its confirmation shows until the turn it started has ended.
  const [sentAt, setSentAt] = useState<number | null>(null);
  const blocker = followUpBlocker(run, kind);
  const builtin = kind === 'builtin';

  const send = async (): Promise<void> => {
    if (sending || blocker) return;
    if (text.trim().length === 0) {
      setError('Write a prompt first.');
      return;
    }
    setSending(true);
    setError(null);
    setSentAt(null);
    const problem = await sendFollowUp(services, run.id, text);
    setSending(false);
    if (problem) setError(problem);
    else {
      setText('');
      setSentAt(Date.now());
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && isModKey(event)) {
      event.preventDefault();
      void send();
    } else if (event.key === 'Escape' && !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault(); // stay in the focused view: the terminal takes the keyboard again
      services.terminals.focus(run.id);
    }
  };

  return (
    <div className="followup" data-testid="followup">
      <label htmlFor={`${id}-input`} className="followup-label">
        Follow-up
      </label>
      <textarea
        id={`${id}-input`}
        className={INPUT_CLASS}
        data-testid="followup-input"
        rows={2}
        value={text}
        maxLength={MAX_FOLLOW_UP_CHARS}
        disabled={blocker !== null || sending}
        placeholder={builtin ? 'Another prompt for the agent: a new turn that continues the conversation' : 'Typed into the agent\u2019s terminal, then Enter'}
        aria-describedby={`${id}-hint`}
        aria-invalid={error !== null}
        onChange={(e) => {
          setText(e.target.value);
          setSentAt(null);
        }}
        onKeyDown={onKeyDown}
      />
      <BusyButton className="btn btn-small" data-testid="followup-send" busy={sending} busyLabel={'Sending\u2026'} disabled={blocker !== null} onClick={() => void send()} title={`Send (${mod}Enter)`}>
        Send
      </BusyButton>
      <p id={`${id}-hint`} className="followup-hint" data-testid="followup-hint" role={error ? 'alert' : 'status'}>
        {error ? (
          <span className="field-error">{error}</span>
        ) : blocker ? (
          <span data-testid="followup-blocked">{blocker}</span>
        ) : sentAt !== null && (run.endedAt === null || run.endedAt < sentAt) ? (
          builtin ? 'Sent: the agent is on a new turn.' : 'Sent to the terminal.'
        ) : (
          <>
            <kbd>{mod}Enter</kbd> sends <span aria-hidden="true">{'\u00b7'}</span> <kbd>Esc</kbd> back to the terminal
          </>
        )}
      </p>
    </div>
  );
}
