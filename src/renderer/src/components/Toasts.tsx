// Errors from failed calls, bottom right; each closes itself after a while or on demand.
import { useEffect } from 'react';
import { useAppState, useServices } from '../app-services';
import { dismissToast, type Toast } from '../state/ui-slice';

/** How long an error stays on screen, in ms. */
const TOAST_LIFETIME_MS = 10_000;

function ToastItem({ toast }: { toast: Toast }) {
  const { store } = useServices();
  useEffect(() => {
    const timer = setTimeout(() => store.setState((s) => dismissToast(s, toast.id)), TOAST_LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [store, toast.id, toast.count]);
  return (
    <div className="toast" role="alert" data-testid="toast">
      <span className="toast-message">
        {toast.message}
        {toast.count > 1 && <span className="muted"> ({'\u00d7'}{toast.count})</span>}
      </span>
      <button type="button" className="btn btn-ghost btn-icon" aria-label="Dismiss" onClick={() => store.setState((s) => dismissToast(s, toast.id))}>
        {'\u2715'}
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useAppState((s) => s.toasts);
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
