// "Keyboard shortcuts": every command with its keys, filterable; a command's keys can be recorded
// anew (ShortcutRow), reset to the default or removed, and conflicts are shown on both commands.
// Changes are saved in this window's storage and sent to the desktop app's menu.
import { useEffect, useRef, useState } from 'react';
import { COMMANDS, commandSpec, type CommandId } from '../../../../shared/commands/catalog';
import { conflictsOf } from '../../../../shared/commands/keymap';
import { useCommands, useCommandUi } from '../../commands/commands-context';
import { filterByQuery } from '../../commands/fuzzy';
import { rovingFocusHandler } from '../../lib/roving-focus';
import { Dialog } from '../Dialog';
import { ShortcutRow } from './ShortcutRow';

const onRowsKeyDown = rovingFocusHandler('[data-testid="shortcut-change"]', 'list');

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const center = useCommands();
  const overrides = useCommandUi((s) => s.overrides);
  const [query, setQuery] = useState('');
  const [recording, setRecording] = useState<CommandId | null>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const keymap = center.keymap();
  void overrides; // the keymap follows the overrides this component subscribes to
  const conflicts = conflictsOf(keymap);
  const others = (id: CommandId): string[] =>
    conflicts.filter((c) => c.ids.includes(id)).flatMap((c) => c.ids.filter((o) => o !== id).map((o) => commandSpec(o).title));
  const rows = filterByQuery(COMMANDS, query, (c) => ({ title: c.title, extra: `${c.category} ${c.keywords ?? ''} ${(keymap.get(c.id) ?? []).join(' ')}` }));

  // The dialog opens (showModal) after its children mount: focus the filter on the next frame.
  useEffect(() => {
    const frame = requestAnimationFrame(() => filterRef.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, []);

  return (
    <Dialog testId="shortcuts-dialog" title="Keyboard shortcuts" onClose={onClose} wide>
      <div className="shortcuts-toolbar">
        <input
          ref={filterRef}
          className="shortcuts-filter"
          data-testid="shortcuts-filter"
          aria-label="Filter commands"
          placeholder={'Filter commands\u2026'}
          spellCheck={false}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="button" className="btn btn-small" data-testid="shortcuts-reset-all" disabled={Object.keys(overrides).length === 0} onClick={() => center.resetAll()}>
          Reset all
        </button>
      </div>
      <p className="hint">
        Choose a shortcut to record a new one; <kbd>Esc</kbd> cancels. A shortcut already used by another command, or one your system, a text
        field or a terminal needs, is refused. Changes are kept in this window{'\u2019'}s storage.
      </p>
      <div className="shortcuts-table-wrap">
        <table className="shortcuts-table" aria-label="Commands and their shortcuts">
          <tbody onKeyDown={recording ? undefined : onRowsKeyDown}>
            {rows.map((spec) => (
              <ShortcutRow
                key={spec.id}
                spec={spec}
                chords={keymap.get(spec.id) ?? []}
                overridden={overrides[spec.id] !== undefined}
                conflicts={others(spec.id)}
                recording={recording === spec.id}
                onRecording={setRecording}
              />
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="empty-state small">No command matches.</p>}
      </div>
    </Dialog>
  );
}
