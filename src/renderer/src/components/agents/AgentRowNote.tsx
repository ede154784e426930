// Under an agent row: what the chosen profile needs to know. A CLI that is not installed says how to
// install it; a built-in agent shows its endpoint, whether its key variable is set, and Edit.
import type { Profile } from '../../../../shared/contract';
import { useAppState } from '../../app-services';
import { cliOf } from '../../state/agents-slice';

function keyNote(b: NonNullable<Profile['builtin']>): string {
  if (b.keyStored && b.hasApiKey) return 'key stored in the OS keychain';
  if (b.hasApiKey) return `key found in ${b.apiKeyEnv}`;
  return `no key: ${b.apiKeyEnv} is not set in the app\u2019s environment`;
}

export function AgentRowNote({ profileId, onEditBuiltin }: { profileId: string; onEditBuiltin: (profileId: string) => void }) {
  const profile = useAppState((s) => s.profiles.find((p) => p.id === profileId));
  const cli = useAppState((s) => (profile ? cliOf(s, profile) : undefined));
  if (!profile) return null;
  if (cli && !cli.available) {
    return (
      <p className="agent-row-note is-bad" data-testid="agent-row-note" role="alert">
        {cli.name} is not installed {'\u2014'} <code>{cli.installHint}</code> <span className="muted">(docs: {cli.docsUrl})</span>
      </p>
    );
  }
  if (profile.kind === 'builtin' && profile.builtin) {
    const b = profile.builtin;
    return (
      <p className="agent-row-note" data-testid="agent-row-note">
        <code className="agent-row-endpoint" title={b.baseUrl}>
          {b.model} @ {b.baseUrl}
        </code>
        <span className={b.hasApiKey ? 'key-status is-found' : 'key-status is-missing'}>
          {keyNote(b)}
        </span>
        <span className="muted">{b.approval === 'ask' ? 'asks before commands' : 'runs commands without asking'}</span>
        <button type="button" className="btn btn-ghost btn-small" data-testid="builtin-edit" onClick={() => onEditBuiltin(profile.id)}>
          Edit{'\u2026'}
        </button>
      </p>
    );
  }
  return null;
}
