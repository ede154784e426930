// What commands open, mounted once for the whole window: the palette, the shortcuts dialog, the
// merge dialog a "Merge run…" command asked for, and the note saying why a command could not run.
import '../../styles/commands.css';
import { useEffect } from 'react';
import { useAppState } from '../../app-services';
import { useCommands, useCommandUi } from '../../commands/commands-context';
import { findThread } from '../../state/threads-slice';
import { MergeDialog } from '../merge/MergeDialog';
import { CommandPalette } from './CommandPalette';
import { ShortcutsDialog } from './ShortcutsDialog';

/** How long a note about a command that could not run stays on screen, in ms. */
const NOTE_LIFETIME_MS = 4000;

function CommandNoteView() {
  const { ui } = useCommands();
  const note = useCommandUi((s) => s.note);
  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => ui.setState((s) => (s.note?.id === note.id ? { note: null } : s)), NOTE_LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [ui, note]);
  return (
    <div className="command-note-region" role="status" aria-live="polite">
      {note && (
        <p className="command-note" data-testid="command-note">
          {note.text}
        </p>
      )}
    </div>
  );
}

function CommandMergeDialog({ runId }: { runId: string }) {
  const { ui } = useCommands();
  const run = useAppState((s) => s.runsById[runId]);
  const thread = useAppState((s) => findThread(s, run?.threadId ?? null));
  if (!run || !thread) return null;
  return <MergeDialog run={run} thread={thread} onClose={() => ui.setState({ mergeRunId: null })} />;
}

export function CommandHost() {
  const { ui } = useCommands();
  const paletteOpen = useCommandUi((s) => s.paletteOpen);
  const shortcutsOpen = useCommandUi((s) => s.shortcutsOpen);
  const mergeRunId = useCommandUi((s) => s.mergeRunId);
  return (
    <>
      {paletteOpen && <CommandPalette />}
      {shortcutsOpen && <ShortcutsDialog onClose={() => ui.setState({ shortcutsOpen: false })} />}
      {mergeRunId && <CommandMergeDialog key={mergeRunId} runId={mergeRunId} />}
      <CommandNoteView />
    </>
  );
}
