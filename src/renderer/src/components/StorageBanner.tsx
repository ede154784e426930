// Shown while the core cannot save because the disk holding its database is full; it goes away by
// itself once writing works again (the core probes and sends `app.storage` { ok: true }).
import { useAppState } from '../app-services';

export function StorageBanner() {
  const storage = useAppState((s) => s.storage);
  if (storage.ok) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="storage-banner">
      <span>{storage.message}</span>
    </div>
  );
}
