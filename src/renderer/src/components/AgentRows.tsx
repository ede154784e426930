// The agents of a new thread: rows of profile x count, at most MAX_RUNS_PER_THREAD runs in total.
// The picker groups the profiles (agents: built-in agent profiles and the CLIs; the shell; command
// templates); a CLI that is not installed is shown, disabled, with how to install it.
import { MAX_RUNS_PER_THREAD } from '../../../shared/contract/limits';
import { updateDraft } from '../actions/thread-actions';
import { useAppState, useServices } from '../app-services';
import { addAgentRow, removeAgentRow, totalRuns, updateAgentRow } from '../state/composer-slice';
import { groupProfiles, isUnavailableCli, profileOptionLabel } from '../state/agents-slice';
import { AgentRowNote } from './agents/AgentRowNote';

export function AgentRows({ disabled, onEditBuiltin }: { disabled: boolean; onEditBuiltin: (profileId: string) => void }) {
  const services = useServices();
  const agents = useAppState((s) => s.draft.agents);
  const profiles = useAppState((s) => s.profiles);
  const clis = useAppState((s) => s.clis);
  const clisLoading = useAppState((s) => s.clisLoading);
  const total = useAppState((s) => totalRuns(s.draft));
  const over = total > MAX_RUNS_PER_THREAD;

  return (
    <fieldset className="agents" disabled={disabled}>
      <legend>Agents</legend>
      {agents.map((row, i) => (
        <div className="agent-row-block" key={row.key}>
          <div className="agent-row">
            <select
              data-testid="profile-select"
              aria-label={`Profile of agent ${i + 1}`}
              value={row.profileId}
              onChange={(e) => updateDraft(services, (d) => updateAgentRow(d, row.key, { profileId: e.target.value }))}
            >
              {profiles.length === 0 && <option value="">Loading profiles{'\u2026'}</option>}
              {groupProfiles(profiles).map((group) => (
                <optgroup key={group.label} label={group.label}>
                  {group.profiles.map((p) => (
                    <option
                      key={p.id}
                      value={p.id}
                      title={p.kind === 'command' ? p.argv.join(' ') : undefined}
                      disabled={p.id !== row.profileId && isUnavailableCli({ clis }, p)}
                    >
                      {profileOptionLabel({ clis, clisLoading }, p)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            <span className="agent-times" aria-hidden="true">
              {'\u00d7'}
            </span>
            <input
              type="number"
              className="agent-count"
              data-testid="profile-count"
              aria-label={`Number of runs of agent ${i + 1}`}
              min={1}
              max={MAX_RUNS_PER_THREAD}
              step={1}
              value={Number.isFinite(row.count) ? row.count : ''}
              onChange={(e) => updateDraft(services, (d) => updateAgentRow(d, row.key, { count: e.target.valueAsNumber }))}
            />
            <span className="agent-times">{row.count === 1 ? 'run' : 'runs'}</span>
            {agents.length > 1 && (
              <button
                type="button"
                className="btn btn-ghost btn-small"
                aria-label={`Remove agent ${i + 1}`}
                onClick={() => updateDraft(services, (d) => removeAgentRow(d, row.key))}
              >
                Remove
              </button>
            )}
          </div>
          <AgentRowNote profileId={row.profileId} onEditBuiltin={onEditBuiltin} />
        </div>
      ))}
      <div className="agents-footer">
        <button
          type="button"
          className="btn btn-ghost btn-small"
          data-testid="add-agent"
          disabled={total >= MAX_RUNS_PER_THREAD}
          onClick={() => updateDraft(services, (d) => addAgentRow(d, profiles[0]?.id ?? ''))}
        >
          + Add agent
        </button>
        <span className={over ? 'field-error' : 'muted'} aria-live="polite">
          {total} of at most {MAX_RUNS_PER_THREAD} runs
        </span>
      </div>
    </fieldset>
  );
}
