// The trash of the open repository: archived runs, newest first, each restorable (its worktree is
// recreated with its uncommitted work). Escape goes back.
import { useState } from 'react';
import type { Run } from '../../../../shared/contract';
import { restoreRun } from '../../actions/lifecycle-actions';
import { closePanel } from '../../actions/panel-actions';
import { useAppState, useServices } from '../../app-services';
import { useAsync } from '../../hooks/use-async';
import { useHotkey } from '../../hooks/use-hotkey';
import { useNow } from '../../hooks/use-now';
import { formatRelative } from '../../lib/format';
import { BusyButton } from '../Busy';
import { PanelBack } from '../PanelBack';

export function TrashView() {
  const services = useServices();
  const repo = useAppState((s) => s.currentRepo);
  const threads = useAppState((s) => s.threads);
  const trash = useAsync(repo ? `trash\u0000${repo.id}` : null, () => services.client.call('runs.listArchived', { repoId: repo?.id ?? '' }));
  const [restored, setRestored] = useState<ReadonlySet<string>>(new Set());
  const now = useNow(30_000);
  useHotkey({ key: 'Escape' }, () => closePanel(services));
  const items = (trash.data ?? []).filter((r) => !restored.has(r.id));
  const titleOf = (run: Run): string => threads.find((t) => t.id === run.threadId)?.title ?? 'Thread';

  return (
    <section className="panel trash-view" data-testid="trash-view" aria-label="Trash">
      <header className="panel-head">
        <PanelBack label="Back" />
        <h1>Trash</h1>
        <span className="muted small">Archived runs of {repo?.name}: their worktrees were removed; branches and backups are kept.</span>
        <span className="spacer" />
        <button type="button" className="btn btn-small" disabled={trash.loading} onClick={trash.reload}>
          {trash.loading ? 'Loading\u2026' : 'Refresh'}
        </button>
      </header>
      {trash.error && (
        <p className="form-error panel-error" role="alert">
          Could not list archived runs: {trash.error}
        </p>
      )}
      {!trash.data && !trash.error && (
        <p className="progress empty-state" aria-busy="true">
          <span className="spinner" aria-hidden="true" /> Loading the trash{'\u2026'}
        </p>
      )}
      {trash.data && items.length === 0 && <p className="empty-state">The trash is empty.</p>}
      {items.length > 0 && (
        <ul className="trash-list">
          {items.map((run) => (
            <TrashItem key={run.id} run={run} title={titleOf(run)} when={run.archivedAt ? formatRelative(run.archivedAt, now) : ''} onRestored={() => setRestored((s) => new Set(s).add(run.id))} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TrashItem({ run, title, when, onRestored }: { run: Run; title: string; when: string; onRestored: () => void }) {
  const services = useServices();
  const [busy, setBusy] = useState(false);
  const restore = async (): Promise<void> => {
    setBusy(true);
    const done = await restoreRun(services, run.id);
    setBusy(false);
    if (done) onRestored();
  };
  return (
    <li className="trash-item" data-testid="trash-item" data-run-id={run.id}>
      <span className="trash-title" title={title}>
        {title}
      </span>
      <span className="run-index">#{run.index}</span>
      <span>{run.profileName}</span>
      <code className="run-branch" title={run.branch}>
        {run.branch}
      </code>
      <span className="muted small">archived {when}</span>
      <BusyButton className="btn btn-small" data-testid="restore-run" busy={busy} busyLabel={'Restoring\u2026'} onClick={() => void restore()}>
        Restore
      </BusyButton>
    </li>
  );
}
