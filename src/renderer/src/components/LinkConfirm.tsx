// Asks before a link printed in a terminal is opened: shows the full URL, Open or Cancel. Only
// http(s) URLs ever get here (safe-links.ts); Electron's main process routes window.open to the
// system browser.
import { useEffect, useRef, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useServices } from '../app-services';
import type { LinkRequest } from '../terminals/terminal-registry';

export function LinkConfirm() {
  const { terminals } = useServices();
  const request = useSyncExternalStore(terminals.linkRequest.subscribe, terminals.linkRequest.get);
  return request ? <LinkDialog key={`${request.runId} ${request.url}`} request={request} /> : null;
}

function LinkDialog({ request }: { request: LinkRequest }) {
  const { terminals } = useServices();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const settle = (open: boolean): void => {
    if (open) window.open(request.url, '_blank', 'noopener,noreferrer');
    terminals.settleLink();
    terminals.focus(request.runId);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation(); // cancels the dialog only, never the focused view
    settle(false);
  };

  return (
    <dialog
      ref={ref}
      className="link-confirm"
      data-testid="link-confirm"
      aria-labelledby="link-confirm-title"
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        settle(false);
      }}
    >
      <h2 id="link-confirm-title" className="link-confirm-title">
        Open this link?
      </h2>
      <p className="link-confirm-url" data-testid="link-confirm-url">
        {request.url}
      </p>
      <p className="muted">A program in the terminal printed it. It opens in your browser.</p>
      <div className="link-confirm-actions">
        <button type="button" className="btn" data-testid="link-cancel" autoFocus onClick={() => settle(false)}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" data-testid="link-open" onClick={() => settle(true)}>
          Open
        </button>
      </div>
    </dialog>
  );
}
