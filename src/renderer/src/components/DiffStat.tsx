// `+A −R · F files`, `no changes`, or a muted placeholder before the first diff is computed.
import type { DiffSummary } from '../../../shared/contract';
import { formatDiff, plural } from '../lib/format';

export function DiffStat({ diff }: { diff: DiffSummary | null }) {
  const text = formatDiff(diff);
  if (!diff || !text) {
    return (
      <span className="diffstat muted" data-testid="run-diffstat" title="The diff has not been computed yet">
        no diff yet
      </span>
    );
  }
  const title = `Against the merge-base, computed ${new Date(diff.at).toLocaleTimeString()}`;
  if (text === 'no changes') {
    return (
      <span className="diffstat muted" data-testid="run-diffstat" title={title}>
        {text}
      </span>
    );
  }
  // Same text as formatDiff, in coloured parts.
  return (
    <span className="diffstat" data-testid="run-diffstat" title={title}>
      <span className="diff-add">+{diff.added}</span> <span className="diff-del">{'\u2212'}{diff.removed}</span>{' '}
      <span className="diff-files">{'\u00b7'} {plural(diff.files, 'file')}</span>
    </span>
  );
}
