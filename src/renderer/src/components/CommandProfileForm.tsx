// A small form to save a command-template profile (name + command line with `{prompt}`).
import { useId, useState, type FormEvent } from 'react';
import { saveCommandProfile } from '../actions/profile-actions';
import { updateDraft } from '../actions/thread-actions';
import { useServices } from '../app-services';
import { updateAgentRow } from '../state/composer-slice';

export function CommandProfileForm() {
  const services = useServices();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [commandLine, setCommandLine] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const result = await saveCommandProfile(services, name, commandLine);
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    // The new profile is what the user wants to run next: put it in the last agent row.
    updateDraft(services, (d) => {
      const last = d.agents[d.agents.length - 1];
      return last ? updateAgentRow(d, last.key, { profileId: result.profile.id }) : d;
    });
    setSaved(result.profile.name);
    setName('');
    setCommandLine('');
    setOpen(false);
  };

  return (
    <section className="profile-form">
      <button
        type="button"
        className="btn btn-ghost btn-small"
        aria-expanded={open}
        aria-controls={`${id}-form`}
        data-testid="new-profile"
        onClick={() => {
          setOpen((o) => !o);
          setSaved(null);
        }}
      >
        {open ? 'Cancel new profile' : 'New command profile'}
      </button>
      {saved && !open && (
        <span className="muted" role="status">
          Saved {'\u201c'}
          {saved}
          {'\u201d'}.
        </span>
      )}
      {open && (
        <form id={`${id}-form`} className="profile-fields" onSubmit={(e) => void submit(e)}>
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} data-testid="profile-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} autoFocus />
          <label htmlFor={`${id}-cmd`}>Command line</label>
          <input
            id={`${id}-cmd`}
            className="mono"
            data-testid="profile-command"
            value={commandLine}
            maxLength={8000}
            spellCheck={false}
            placeholder="node agent.js {prompt}"
            aria-describedby={`${id}-hint`}
            onChange={(e) => setCommandLine(e.target.value)}
          />
          <p id={`${id}-hint`} className="hint">
            Split into words like a shell would (quotes respected), but never run through a shell. <code>{'{prompt}'}</code> anywhere in a
            word is replaced by the thread{'\u2019'}s prompt, e.g. <code>node agent.js {'{prompt}'}</code>.
          </p>
          {error && (
            <p className="field-error" role="alert" data-testid="profile-error">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="btn btn-small" data-testid="profile-save" disabled={saving}>
              {saving ? 'Saving\u2026' : 'Save profile'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
