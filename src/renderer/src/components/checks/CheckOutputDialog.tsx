// One check's result: command, status, exit code, duration and the end of its output, as plain
// text. Stays live while the check runs (the result comes from the store).
import type { CheckResult } from '../../../../shared/contract';
import { formatDuration } from '../../lib/format';
import { checkTone } from '../../state/checks-slice';
import { Dialog } from '../Dialog';

export function CheckOutputDialog({ result, onClose }: { result: CheckResult; onClose: () => void }) {
  const tone = checkTone(result.status);
  return (
    <Dialog testId="check-output" title={`Check \u201c${result.name}\u201d`} onClose={onClose} wide>
      <dl className="check-facts">
        <dt>Command</dt>
        <dd>
          <code>{result.command}</code>
        </dd>
        <dt>Status</dt>
        <dd className={`check-status tone-${tone}`} data-testid="check-output-status">
          {result.status}
          {result.exitCode !== null ? `, exit ${result.exitCode}` : ''}
        </dd>
        <dt>Duration</dt>
        <dd>{result.durationMs !== null ? formatDuration(result.durationMs) : 'running\u2026'}</dd>
        <dt>Started</dt>
        <dd>{new Date(result.startedAt).toLocaleString()}</dd>
      </dl>
      <pre className="check-output" data-testid="check-output-text" tabIndex={0}>
        {result.output || '(no output)'}
      </pre>
      <div className="dialog-actions">
        <button type="button" className="btn" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
