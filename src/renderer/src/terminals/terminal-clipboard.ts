// Copy and paste for the focused terminal, through navigator.clipboard where the page has it.
// Without it, the browser's own copy and paste events do the work: xterm listens to both.
// (Electron asks its permission handler for 'clipboard-read' and 'clipboard-sanitized-write'; a
// refused copy falls back to the copy event, a refused paste is reported.)
import type { Terminal } from '@xterm/xterm';

/** Copies the selection; with nothing selected the key does nothing (it is not an interrupt). */
export function copySelection(term: Terminal, event: KeyboardEvent, reportError: (err: unknown) => void): void {
  if (!term.hasSelection()) return;
  event.preventDefault();
  const text = term.getSelection();
  // xterm's copy listener puts the selection on the clipboard when a copy event fires.
  const copyEvent = (): void => {
    if (!document.execCommand('copy')) reportError(new Error('Could not copy the selection.'));
  };
  if (!navigator.clipboard?.writeText) return copyEvent();
  navigator.clipboard.writeText(text).catch(copyEvent);
}

/** Pastes the clipboard as typed input (bracketed when the program asked for it). */
export function pasteClipboard(term: Terminal, event: KeyboardEvent, canPaste: () => boolean, reportError: (err: unknown) => void): void {
  if (!navigator.clipboard?.readText) return; // the browser's paste event reaches xterm instead
  event.preventDefault();
  navigator.clipboard.readText().then(
    (text) => {
      if (text && canPaste()) term.paste(text);
    },
    (err: unknown) => reportError(new Error(`Could not read the clipboard: ${err instanceof Error ? err.message : String(err)}`)),
  );
}
