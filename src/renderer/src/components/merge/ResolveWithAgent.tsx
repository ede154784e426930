// After a conflicting merge: starts an agent run in a new worktree where the base branch is merging
// this run's branch with the conflict markers in place; merging that run later publishes the merge.
import { useState } from 'react';
import type { Run } from '../../../../shared/contract';
import { useAppState, useServices } from '../../app-services';
import { errorMessage } from '../../lib/errors';
import { upsertRun } from '../../state/runs-slice';
import { BusyButton } from '../Busy';

export function ResolveWithAgent({ runId }: { runId: string }) {
  const services = useServices();
  const profiles = useAppState((s) => s.profiles);
  const [profileId, setProfileId] = useState<string>(profiles[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<Run | null>(null);
  const start = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const run = await services.client.call('merge.resolveWithAgent', { runId, profileId });
      services.store.setState((s) => upsertRun(s, run));
      setStarted(run);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  if (started) {
    return (
      <p data-testid="resolve-started">
        Started run {started.index} ({started.profileName}) to resolve the conflicts on <code>{started.branch}</code>. Review and merge it when it is done.
      </p>
    );
  }
  return (
    <div className="resolve-with-agent">
      <label className="inline-field">
        Resolve with
        <select data-testid="resolve-profile" value={profileId} disabled={busy} onChange={(e) => setProfileId(e.target.value)}>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <BusyButton className="btn btn-small" data-testid="resolve-start" busy={busy} busyLabel={'Starting\u2026'} disabled={profileId === ''} onClick={() => void start()}>
        Start a run to resolve them
      </BusyButton>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
