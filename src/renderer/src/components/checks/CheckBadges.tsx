// A run's checks as a compact row of badges (live from `checks.changed`); a badge opens that
// check's output. Also the "Run checks" button and the one-line hint when no checks are set up.
import { useState } from 'react';
import { runChecks } from '../../actions/check-actions';
import { useAppState, useServices } from '../../app-services';
import { checksHint, checksOfRun, checkTone, lastLiveLine } from '../../state/checks-slice';
import type { CheckResult } from '../../../../shared/contract';
import { CheckOutputDialog } from './CheckOutputDialog';

const ICON = { live: '', ok: '\u2713', bad: '\u2717', muted: '\u2013' } as const;

export function CheckBadges({ runId }: { runId: string }) {
  const checks = useAppState((s) => checksOfRun(s, runId));
  const [open, setOpen] = useState<string | null>(null);
  if (checks.length === 0) return null;
  const shown = checks.find((c) => c.name === open);
  return (
    <div className="check-badges" role="group" aria-label="Checks" data-testid="check-badges">
      {checks.map((c) => (
        <CheckBadge key={c.name} result={c} onOpen={() => setOpen(c.name)} />
      ))}
      {shown && <CheckOutputDialog result={shown} onClose={() => setOpen(null)} />}
    </div>
  );
}

function CheckBadge({ result: c, onOpen }: { result: CheckResult; onOpen: () => void }) {
  const tone = checkTone(c.status);
  const last = useAppState((s) => (c.status === 'running' ? lastLiveLine(s, c.id) : ''));
  return (
    <button
      type="button"
      className={`check-badge tone-${tone}`}
      data-testid="check-badge"
      data-status={c.status}
      data-name={c.name}
      title={`${c.name}: ${c.status}${c.exitCode !== null ? ` (exit ${c.exitCode})` : ''}. Show the output.${last ? `\n${last}` : ''}`}
      onClick={onOpen}
    >
      {tone === 'live' ? <span className="spinner spinner-small" aria-hidden="true" /> : <span aria-hidden="true">{ICON[tone]}</span>}
      {c.name}
    </button>
  );
}

export function RunChecksButton({ runId, small = true }: { runId: string; small?: boolean }) {
  const services = useServices();
  const [starting, setStarting] = useState(false);
  const running = useAppState((s) => checksOfRun(s, runId).some((c) => c.status === 'running'));
  const start = async (): Promise<void> => {
    setStarting(true);
    await runChecks(services, runId);
    setStarting(false);
  };
  const busy = starting || running;
  return (
    <button
      type="button"
      className={`btn${small ? ' btn-small' : ''}`}
      data-testid="run-checks"
      disabled={busy}
      aria-busy={busy}
      onClick={() => void start()}
      title="Run the checks of .switchyard.json in this run's worktree"
    >
      {busy && <span className="spinner spinner-small" aria-hidden="true" />}
      {running ? 'Checks running\u2026' : starting ? 'Starting\u2026' : 'Run checks'}
    </button>
  );
}

export function ChecksHint({ threadId }: { threadId: string }) {
  const hint = useAppState((s) => checksHint(s.checksConfigByThread[threadId]));
  if (!hint) return null;
  return (
    <p className="hint checks-hint" data-testid="checks-hint">
      {hint}
    </p>
  );
}
