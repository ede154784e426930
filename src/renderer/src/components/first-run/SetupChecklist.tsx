// The setup checklist: git, each agent CLI (✓ with its version, or ✗ with how to install it), an
// OpenAI-compatible endpoint for the built-in agent (✓ which one, or how to get one), and the line
// that shell and command profiles always work. "Re-check" detects everything again; "Add a built-in
// agent…" opens its settings, pre-filled with a local server when one answered.
import { useId, useRef, useState } from 'react';
import type { CliAvailability, FirstRunChecks } from '../../../../shared/contract';
import { loadFirstRunChecks } from '../../actions/first-run-actions';
import { useServices } from '../../app-services';
import { useAsync } from '../../hooks/use-async';
import { BuiltinAgentDialog } from '../agents/BuiltinAgentDialog';
import { Busy, BusyButton } from '../Busy';
import { summarizeEndpoint, type Fix } from './checklist';
import '../../styles/first-run.css';

function Mark({ ok }: { ok: boolean }) {
  return (
    <>
      <span className={`check-mark ${ok ? 'is-ok' : 'is-missing'}`} aria-hidden="true">
        {ok ? '\u2713' : '\u2717'}
      </span>
      <span className="visually-hidden">{ok ? 'Ready:' : 'Missing:'}</span>
    </>
  );
}

function FixLine({ fix }: { fix: Fix }) {
  return (
    <li>
      {fix.text} {fix.code && <code className="check-code">{fix.code}</code>}
    </li>
  );
}

function CliLine({ cli }: { cli: CliAvailability }) {
  return (
    <li className="check-item check-cli" data-testid="check-cli" data-cli-id={cli.id} data-ok={cli.available}>
      <Mark ok={cli.available} />
      <span className="check-body">
        <span className="check-title">
          {cli.name}
          {cli.available && <span className="check-version"> {cli.version ?? 'installed'}</span>}
        </span>
        {cli.available ? (
          cli.path && <code className="check-path" title={cli.path}>{cli.path}</code>
        ) : (
          <span className="check-fix">
            install: <code className="check-code">{cli.installHint}</code> <span className="muted">docs: {cli.docsUrl}</span>
            {cli.problem && !cli.problem.includes(cli.installHint) && <span className="check-problem"> {cli.problem}</span>}
          </span>
        )}
      </span>
    </li>
  );
}

function Checklist({ checks, onAddAgent }: { checks: FirstRunChecks; onAddAgent: (initial: { name: string; baseUrl: string; model: string } | null) => void }) {
  const endpoint = summarizeEndpoint(checks.endpoint);
  const installed = checks.clis.filter((c) => c.available).length;
  return (
    <ul className="check-list">
      <li className="check-item" data-testid="check-git" data-ok={checks.git.ok}>
        <Mark ok={checks.git.ok} />
        <span className="check-body">
          <span className="check-title">Git {checks.git.version ?? ''}</span>
          {checks.git.problem && <span className="check-fix">{checks.git.problem}</span>}
        </span>
      </li>
      <li className="check-group" data-testid="check-clis">
        <span className="check-group-title">
          Agent CLIs <span className="muted">{'\u2014'} {installed} of {checks.clis.length} installed</span>
        </span>
        <ul className="check-list">
          {checks.clis.map((cli) => (
            <CliLine key={cli.id} cli={cli} />
          ))}
        </ul>
      </li>
      <li className="check-item" data-testid="check-endpoint" data-ok={endpoint.ok}>
        <Mark ok={endpoint.ok} />
        <span className="check-body">
          <span className="check-title">An OpenAI-compatible endpoint for the built-in agent</span>
          {endpoint.found.map((line) => (
            <span key={line} className="check-found" data-testid="endpoint-found">
              {line}
            </span>
          ))}
          {endpoint.fixes.length > 0 && (
            <ul className="check-fixes" data-testid="endpoint-fixes">
              {endpoint.fixes.map((fix) => (
                <FixLine key={fix.text} fix={fix} />
              ))}
            </ul>
          )}
          <span className="check-actions">
            {endpoint.suggestion && (
              <button type="button" className="btn btn-small" data-testid="endpoint-use-local" onClick={() => onAddAgent(endpoint.suggestion)}>
                Use {endpoint.suggestion.name} for the built-in agent{'\u2026'}
              </button>
            )}
            <button type="button" className="btn btn-small" data-testid="endpoint-add-agent" onClick={() => onAddAgent(null)}>
              Add a built-in agent{'\u2026'}
            </button>
          </span>
        </span>
      </li>
      <li className="check-item" data-testid="check-always" data-ok="true">
        <Mark ok />
        <span className="check-body">
          <span className="check-title">Shell and command profiles always work</span>
          <span className="check-fix">Your shell, or any command of yours with the prompt as an argument: nothing to install.</span>
        </span>
      </li>
    </ul>
  );
}

export function SetupChecklist() {
  const services = useServices();
  const id = useId();
  const forceNext = useRef(false);
  const checks = useAsync('first-run-checks', () => {
    const force = forceNext.current;
    forceNext.current = false;
    return loadFirstRunChecks(services, force);
  });
  const [adding, setAdding] = useState<{ initial: { name: string; baseUrl: string; model: string } | null } | null>(null);
  const recheck = (): void => {
    forceNext.current = true;
    checks.reload();
  };

  return (
    <section className="setup-checklist" aria-labelledby={`${id}-title`} aria-busy={checks.loading} data-testid="setup-checklist">
      <header className="setup-checklist-head">
        <h2 id={`${id}-title`}>Setup</h2>
        <BusyButton className="btn btn-small" busy={checks.loading} busyLabel={'Checking\u2026'} data-testid="first-run-recheck" onClick={recheck} title="Look for agent CLIs and endpoints again (after installing or starting one)">
          Re-check
        </BusyButton>
      </header>
      {checks.error && (
        <p className="form-error" role="alert" data-testid="first-run-error">
          Could not run the checks: {checks.error}
        </p>
      )}
      {checks.data ? (
        <Checklist checks={checks.data} onAddAgent={(initial) => setAdding({ initial })} />
      ) : (
        !checks.error && <Busy label={'Looking for git, agent CLIs and endpoints\u2026'} />
      )}
      {adding && (
        <BuiltinAgentDialog
          profile={null}
          initial={adding.initial ?? undefined}
          onClose={() => {
            setAdding(null);
            checks.reload();
          }}
          onSaved={() => {
            setAdding(null);
            checks.reload();
          }}
        />
      )}
    </section>
  );
}
