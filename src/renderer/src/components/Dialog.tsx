// A modal dialog on the native <dialog> (showModal): the page behind is inert, so Tab stays inside;
// Escape closes it (not while `busy`), and never reaches the view behind it.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

interface Props {
  readonly testId: string;
  readonly title: ReactNode;
  readonly onClose: () => void;
  /** A slow action is under way: Escape and the close button wait for it. */
  readonly busy?: boolean;
  readonly wide?: boolean;
  readonly children: ReactNode;
}

export function Dialog({ testId, title, onClose, busy = false, wide = false, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    if (!busy) onClose();
  };
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog-wide' : ''}`}
      data-testid={testId}
      aria-labelledby={titleId}
      aria-busy={busy}
      onKeyDown={onKeyDown}
      // A dialog opened from a run card must not reach the card's own handlers (double-click = focus).
      onDoubleClick={(event) => event.stopPropagation()}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <header className="dialog-head">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <button type="button" className="btn btn-ghost btn-icon" aria-label="Close" disabled={busy} onClick={onClose}>
          {'\u2715'}
        </button>
      </header>
      {children}
    </dialog>
  );
}
