// One command in the shortcuts dialog: its keys (a button: Enter or a click records new ones),
// Reset and Remove. While recording, the next chord becomes the shortcut unless it is refused or
// already used by another command, which is said; Escape (or leaving the field) cancels.
import { useRef, useState, type KeyboardEvent } from 'react';
import type { CommandId, CommandSpec } from '../../../../shared/commands/catalog';
import { chordFromEvent, formatChord, parseChord } from '../../../../shared/commands/chords';
import { firesWhileTyping, terminalKeeps } from '../../../../shared/commands/key-rules';
import { checkAssignment } from '../../../../shared/commands/keymap';
import { useCommands } from '../../commands/commands-context';

interface Props {
  readonly spec: CommandSpec & { readonly id: CommandId };
  readonly chords: readonly string[];
  readonly overridden: boolean;
  /** Titles of the other commands that have one of these chords too. */
  readonly conflicts: readonly string[];
  readonly recording: boolean;
  readonly onRecording: (id: CommandId | null) => void;
}

export function ShortcutRow({ spec, chords, overridden, conflicts, recording, onRecording }: Props) {
  const center = useCommands();
  const { platform } = center.env;
  const changeRef = useRef<HTMLButtonElement>(null);
  const [error, setError] = useState<string | null>(null);
  const parsed = chords.flatMap((c) => parseChord(c, platform) ?? []);
  const labels = parsed.map((c) => formatChord(c, platform));

  const stop = (): void => {
    setError(null);
    onRecording(null);
    requestAnimationFrame(() => changeRef.current?.focus());
  };
  const record = (event: KeyboardEvent<HTMLButtonElement>): void => {
    const bare = !event.ctrlKey && !event.altKey && !event.metaKey;
    if (event.key === 'Tab' && bare) return; // leaves the field: cancels (onBlur)
    event.preventDefault();
    event.stopPropagation(); // Escape cancels the recording, not the dialog
    if (event.key === 'Escape' && bare && !event.shiftKey) return stop();
    const chord = chordFromEvent(event.nativeEvent);
    if (!chord) return; // a lone modifier: wait for the key
    const result = checkAssignment(center.keymap(), spec.id, chord, center.env, formatChord(chord, platform));
    if (!result.ok) return setError(result.reason);
    center.setChords(spec.id, [result.chord]);
    stop();
  };

  const reachesTerminal = parsed.some((c) => !terminalKeeps(c, platform));
  const whileTyping = parsed.some((c) => firesWhileTyping(c, platform));
  return (
    <tr className={`shortcut-row${conflicts.length > 0 ? ' has-conflict' : ''}`} data-testid="shortcut-row" data-command-id={spec.id} data-conflict={conflicts.length > 0}>
      <th scope="row">
        <span className="shortcut-title">{spec.title}</span>
        <span className="shortcut-category muted">{spec.category}</span>
      </th>
      <td className="shortcut-keys-cell">
        {recording ? (
          <button
            type="button"
            className="shortcut-recorder"
            data-testid="shortcut-recorder"
            aria-label={`Press the new shortcut for ${spec.title}; Escape cancels`}
            autoFocus
            onKeyDown={record}
            onBlur={() => onRecording(null)}
          >
            Press the new shortcut{'\u2026'}
          </button>
        ) : (
          <button
            ref={changeRef}
            type="button"
            className="shortcut-keys"
            data-testid="shortcut-change"
            aria-label={`${spec.title}: ${labels.length > 0 ? labels.join(' or ') : 'no shortcut'}. Change it`}
            onClick={() => {
              setError(null);
              onRecording(spec.id);
            }}
          >
            {labels.length > 0 ? labels.map((l) => <kbd key={l}>{l}</kbd>) : <span className="muted">none</span>}
          </button>
        )}
        {error && recording && (
          <p className="field-error shortcut-error" role="alert" data-testid="shortcut-error">
            {error}
          </p>
        )}
        {conflicts.length > 0 && (
          <p className="shortcut-conflict" data-testid="shortcut-conflict">
            Also used by {conflicts.map((t) => `\u201c${t}\u201d`).join(', ')}: change one of them.
          </p>
        )}
        {parsed.length > 0 && (!reachesTerminal || !whileTyping) && (
          <p className="shortcut-scope muted">
            {[!whileTyping && 'not while typing in a field', !reachesTerminal && 'not in a running terminal'].filter(Boolean).join('; ')}
          </p>
        )}
      </td>
      <td className="shortcut-actions">
        {overridden && (
          <button type="button" className="btn btn-ghost btn-small" data-testid="shortcut-reset" onClick={() => center.resetChords(spec.id)}>
            Reset
          </button>
        )}
        {parsed.length > 0 && (
          <button type="button" className="btn btn-ghost btn-small" data-testid="shortcut-remove" onClick={() => center.setChords(spec.id, [])} aria-label={`Remove the shortcut of ${spec.title}`}>
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}
