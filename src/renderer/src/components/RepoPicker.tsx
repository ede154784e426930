// Shown when no repository is open (or when switching): a path field, recent repositories, and a
// native folder picker where the shell has one. The core's error is shown under the field. With no
// repository open it is the first-run screen: the three jobs, a large "Open repository" action
// (focused: the folder picker in the desktop app, the path field otherwise) and the setup checklist.
import { useId, useState, type FormEvent } from 'react';
import { openRepo, pickFolder, showRepoPicker } from '../actions/repo-actions';
import { useAppState, useServices } from '../app-services';
import { formatRelative } from '../lib/format';
import { useNow } from '../hooks/use-now';
import { SetupChecklist } from './first-run/SetupChecklist';
import { ThreeJobs } from './first-run/ThreeJobs';

export function RepoPicker() {
  const services = useServices();
  const id = useId();
  const recent = useAppState((s) => s.recentRepos);
  const canPick = useAppState((s) => s.info?.canPickFolder ?? false);
  const current = useAppState((s) => s.currentRepo);
  const firstRun = current === null;
  // The big action takes the focus: the native folder picker where there is one, else the path field.
  const focusBrowse = firstRun && canPick;
  const now = useNow(60_000);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = async (target: string): Promise<void> => {
    if (busy) return;
    if (!target.trim()) {
      setError('enter a folder path');
      return;
    }
    setBusy(true);
    setError(null);
    const problem = await openRepo(services, target.trim());
    setBusy(false);
    if (problem) setError(problem);
  };
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void open(path);
  };
  const browse = async (): Promise<void> => {
    const picked = await pickFolder(services);
    if (!picked) return;
    setPath(picked);
    await open(picked);
  };

  return (
    <main className={`picker${firstRun ? ' is-first-run' : ''}`} aria-labelledby={`${id}-title`} data-testid={firstRun ? 'first-run' : undefined}>
      <div className="picker-card">
        <h1 id={`${id}-title`}>{firstRun ? 'Welcome to Switchyard' : 'Open a repository'}</h1>
        {firstRun ? (
          <ThreeJobs />
        ) : (
          <p className="muted">Switchyard runs agents in parallel on one git repository, each in its own worktree and branch.</p>
        )}
        {focusBrowse && (
          <button type="button" className="btn btn-primary btn-large" data-testid="repo-browse" disabled={busy} onClick={() => void browse()} autoFocus>
            Open repository{'\u2026'}
          </button>
        )}
        <form className="picker-form" onSubmit={onSubmit}>
          <label htmlFor={`${id}-path`}>{focusBrowse ? 'Or type the folder\u2019s path' : firstRun ? 'Open a repository: its folder' : 'Repository folder'}</label>
          <div className="picker-row">
            <input
              id={`${id}-path`}
              className="mono"
              data-testid="repo-path-input"
              value={path}
              placeholder="/path/to/repository"
              spellCheck={false}
              autoComplete="off"
              autoFocus={!focusBrowse}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => setPath(e.target.value)}
            />
            <button
              type="submit"
              className={focusBrowse ? 'btn' : firstRun ? 'btn btn-primary btn-large' : 'btn btn-primary'}
              data-testid="repo-open"
              disabled={busy}
              aria-busy={busy}
            >
              {busy && <span className="spinner spinner-small" aria-hidden="true" />}
              {busy ? 'Opening\u2026' : firstRun && !canPick ? 'Open repository' : 'Open'}
            </button>
            {canPick && !focusBrowse && (
              <button type="button" className="btn" data-testid="repo-browse" disabled={busy} onClick={() => void browse()}>
                Browse{'\u2026'}
              </button>
            )}
          </div>
          {error && (
            <p id={`${id}-error`} className="field-error" role="alert" data-testid="repo-error">
              {error}
            </p>
          )}
        </form>
        {recent.length > 0 && (
          <section className="recent" aria-label="Recent repositories">
            <h2>Recent</h2>
            <ul>
              {recent.map((r) => (
                <li key={r.id}>
                  <button
                    type="button"
                    className="recent-item"
                    data-testid="recent-repo"
                    disabled={busy}
                    onClick={() => {
                      setPath(r.path);
                      void open(r.path);
                    }}
                  >
                    <span className="recent-name">{r.name}</span>
                    <span className="recent-path mono">{r.path}</span>
                    <span className="recent-time muted">{formatRelative(r.lastOpenedAt, now)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {current && (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => showRepoPicker(services, false)}>
            Back to {current.name}
          </button>
        )}
        {firstRun && <SetupChecklist />}
      </div>
    </main>
  );
}
