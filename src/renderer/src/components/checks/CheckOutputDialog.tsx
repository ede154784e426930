// One check's result: command, status, exit code, duration and the end of its output, as plain
// text. Stays live while the check runs: the result comes from the store, and the output arriving
// from `checks.output` is appended as it comes (scrolled to its end unless the user scrolled up).
// Once the check has finished, the stored output shows.
import { useLayoutEffect, useRef } from 'react';
import type { CheckResult } from '../../../../shared/contract';
import { useAppState } from '../../app-services';
import { formatDuration } from '../../lib/format';
import { checkTone, liveOutputOf } from '../../state/checks-slice';
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
      {result.status === 'running' ? (
        <LiveOutput checkId={result.id} />
      ) : (
        <pre className="check-output" data-testid="check-output-text" tabIndex={0}>
          {result.output || '(no output)'}
        </pre>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

/** How close to the end (px) counts as "at the end": the view follows new output from there. */
const FOLLOW_SLACK_PX = 24;

/** A running check's output so far, as plain text, following its end unless the user scrolled up. */
function LiveOutput({ checkId }: { checkId: string }) {
  const text = useAppState((s) => liveOutputOf(s, checkId));
  const ref = useRef<HTMLPreElement>(null);
  const follow = useRef(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [text]);
  const onScroll = (): void => {
    const el = ref.current;
    if (el) follow.current = el.scrollHeight - el.scrollTop - el.clientHeight <= FOLLOW_SLACK_PX;
  };
  return (
    <pre className="check-output check-output-live" data-testid="check-output-live" tabIndex={0} aria-live="off" aria-busy="true" ref={ref} onScroll={onScroll}>
      {text || 'Waiting for output\u2026'}
    </pre>
  );
}
