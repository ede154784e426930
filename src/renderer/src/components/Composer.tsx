// The new-thread form: prompt, base branch, agents. Ctrl/Cmd+Enter submits. The draft lives in the
// store, so it survives a failed submission and switching threads.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { MAX_PROMPT_CHARS } from '../../../shared/contract/limits';
import { detectClis } from '../actions/agent-actions';
import { loadBranches } from '../actions/repo-actions';
import { createThread, updateDraft } from '../actions/thread-actions';
import { useAppState, useServices } from '../app-services';
import { isModKey } from '../hooks/use-hotkey';
import { modKeyLabel, plural } from '../lib/format';
import { unavailableCliProblem } from '../state/agents-slice';
import { totalRuns, updateAgentRow } from '../state/composer-slice';
import { defaultBaseBranch } from '../state/repos-slice';
import { AgentRows } from './AgentRows';
import { BuiltinAgentDialog } from './agents/BuiltinAgentDialog';
import { CliAvailability } from './agents/CliAvailability';
import { CommandProfileForm } from './CommandProfileForm';

export function Composer() {
  const services = useServices();
  const id = useId();
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const prompt = useAppState((s) => s.draft.prompt);
  const chosenBranch = useAppState((s) => s.draft.baseBranch);
  const fallbackBranch = useAppState(defaultBaseBranch);
  const branches = useAppState((s) => s.branches);
  const repoId = useAppState((s) => s.currentRepo?.id ?? null);
  const hasThreads = useAppState((s) => s.threads.length > 0);
  const total = useAppState((s) => totalRuns(s.draft));
  const mod = modKeyLabel(useAppState((s) => s.info?.platform ?? navigator.platform));
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState<number | null>(null);
  // The built-in agent form: null closed, { profileId: null } a new profile.
  const [editor, setEditor] = useState<{ profileId: string | null } | null>(null);
  const [savedAgent, setSavedAgent] = useState<string | null>(null);

  // Branches change outside the app; list them again whenever the composer opens.
  useEffect(() => {
    if (repoId) void loadBranches(services, repoId);
  }, [services, repoId]);
  // Which agent CLIs are installed (the core caches this for a minute; Refresh forces it).
  useEffect(() => {
    void detectClis(services);
  }, [services]);

  const baseBranch = chosenBranch ?? fallbackBranch ?? '';
  const branchOptions = branches ? [...new Set([...(baseBranch ? [baseBranch] : []), ...branches.branches])] : [];

  const submit = async (): Promise<void> => {
    if (creating !== null) return;
    setError(null);
    const s = services.store.getState();
    const missing = unavailableCliProblem(s, s.profiles, s.draft.agents.map((a) => a.profileId));
    if (missing) {
      setError(missing);
      return;
    }
    setCreating(total);
    const problem = await createThread(services);
    setCreating(null);
    if (problem) {
      setError(problem);
      promptRef.current?.focus();
    }
  };
  const onPromptKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && isModKey(event)) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <section className="composer" aria-labelledby={`${id}-title`}>
      <header className="composer-header">
        <h1 id={`${id}-title`}>New thread</h1>
        <p className="muted">
          {hasThreads
            ? 'One prompt, several agents: each run works in its own worktree and branch.'
            : 'Describe a task once; Switchyard runs it with several agents in parallel, each in its own worktree and branch.'}
        </p>
      </header>
      <label htmlFor={`${id}-prompt`}>Prompt</label>
      <textarea
        id={`${id}-prompt`}
        ref={promptRef}
        className="composer-prompt"
        data-testid="composer-prompt"
        rows={8}
        value={prompt}
        maxLength={MAX_PROMPT_CHARS}
        placeholder="Describe the task for the agents…"
        disabled={creating !== null}
        autoFocus
        aria-describedby={`${id}-prompt-hint`}
        onChange={(e) => updateDraft(services, (d) => ({ ...d, prompt: e.target.value }))}
        onKeyDown={onPromptKeyDown}
      />
      <p id={`${id}-prompt-hint`} className="hint">
        <kbd>{mod}Enter</kbd> starts the runs
      </p>
      <div className="composer-field">
        <label htmlFor={`${id}-branch`}>Base branch</label>
        <select
          id={`${id}-branch`}
          data-testid="base-branch"
          value={baseBranch}
          disabled={creating !== null || !branches}
          onChange={(e) => updateDraft(services, (d) => ({ ...d, baseBranch: e.target.value }))}
        >
          {!branches && <option value={baseBranch}>{baseBranch || 'Loading branches\u2026'}</option>}
          {branchOptions.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </div>
      <AgentRows disabled={creating !== null} onEditBuiltin={(profileId) => setEditor({ profileId })} />
      <CliAvailability />
      <div className="composer-tools">
        <button
          type="button"
          className="btn btn-ghost btn-small"
          data-testid="new-builtin"
          onClick={() => {
            setEditor({ profileId: null });
            setSavedAgent(null);
          }}
        >
          New built-in agent{'\u2026'}
        </button>
        {savedAgent && (
          <span className="muted" role="status" data-testid="builtin-saved">
            Saved {'\u201c'}
            {savedAgent}
            {'\u201d'}.
          </span>
        )}
      </div>
      <CommandProfileForm />
      {editor && (
        <BuiltinAgentDialog
          profile={editor.profileId ? (services.store.getState().profiles.find((p) => p.id === editor.profileId) ?? null) : null}
          onClose={() => setEditor(null)}
          onSaved={(profile) => {
            // A new agent is what the user wants to run next: it goes into the last agent row.
            if (!editor.profileId) {
              updateDraft(services, (d) => {
                const last = d.agents[d.agents.length - 1];
                return last ? updateAgentRow(d, last.key, { profileId: profile.id }) : d;
              });
            }
            setSavedAgent(profile.name);
            setEditor(null);
          }}
        />
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="composer-error">
          {error}
        </p>
      )}
      <footer className="composer-footer">
        {creating !== null && (
          <span className="progress" role="status">
            <span className="spinner" aria-hidden="true" />
            Creating {plural(creating, 'worktree')}{'\u2026'}
          </span>
        )}
        <button type="button" className="btn btn-primary" data-testid="composer-submit" disabled={creating !== null} aria-busy={creating !== null} onClick={() => void submit()}>
          Start {plural(total, 'run')}
        </button>
      </footer>
    </section>
  );
}
