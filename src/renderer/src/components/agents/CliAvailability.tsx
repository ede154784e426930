// Which agent CLIs are installed (with their version) and how to install the others, with a
// Refresh that detects them again (after installing one). Collapsed to one line by default.
import { useId, useState } from 'react';
import { detectClis } from '../../actions/agent-actions';
import { useAppState, useServices } from '../../app-services';

export function CliAvailability() {
  const services = useServices();
  const id = useId();
  const clis = useAppState((s) => s.clis);
  const loading = useAppState((s) => s.clisLoading);
  const error = useAppState((s) => s.clisError);
  const [open, setOpen] = useState(false);
  const installed = clis?.filter((c) => c.available).length ?? 0;

  let summary;
  if (clis) summary = `${installed} of ${clis.length} agent CLIs installed`;
  else if (error) summary = 'Could not tell which agent CLIs are installed';
  else summary = 'Looking for agent CLIs\u2026';

  return (
    <section className="cli-availability" aria-labelledby={`${id}-summary`} data-testid="cli-availability">
      <div className="cli-availability-head">
        <button
          type="button"
          className="btn btn-ghost btn-small"
          aria-expanded={open}
          aria-controls={`${id}-list`}
          data-testid="clis-toggle"
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true">{open ? '\u25be' : '\u25b8'}</span>
          <span id={`${id}-summary`}>{summary}</span>
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          data-testid="clis-refresh"
          disabled={loading}
          onClick={() => void detectClis(services, true)}
          title="Look for the agent CLIs on the PATH again (after installing one)"
        >
          {loading ? 'Checking\u2026' : 'Refresh'}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {open && clis && (
        <ul id={`${id}-list`} className="cli-list">
          {clis.map((cli) => (
            <li key={cli.id} className={`cli-item${cli.available ? ' is-available' : ''}`} data-testid="cli-item" data-cli-id={cli.id} data-available={cli.available}>
              <span className="cli-name">{cli.name}</span>
              {cli.available ? (
                <span className="cli-state">
                  <span className="cli-version">{cli.version ?? 'installed'}</span>
                  {cli.path && (
                    <code className="cli-path" title={cli.path}>
                      {cli.path}
                    </code>
                  )}
                </span>
              ) : (
                <span className="cli-state">
                  <span className="cli-missing">
                    not installed {'\u2014'} <code>{cli.installHint}</code>
                  </span>
                  <span className="cli-docs">
                    docs: <code className="cli-url">{cli.docsUrl}</code>
                  </span>
                  {cli.problem && !cli.problem.includes(cli.installHint) && <span className="cli-problem">{cli.problem}</span>}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
