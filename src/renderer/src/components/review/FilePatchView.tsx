// The selected file's patch: binary and over-cap files are described without loading them (a
// large one loads only on "Load anyway"); a viewed file stays collapsed until asked.
import { useState } from 'react';
import type { DiffFile } from '../../../../shared/contract';
import { useServices } from '../../app-services';
import { useAsync } from '../../hooks/use-async';
import type { ViewType } from '../../lib/diff-chunks';
import { formatBytes } from '../../lib/format';
import { WindowedDiff } from './WindowedDiff';

interface Props {
  readonly runId: string;
  readonly file: DiffFile;
  readonly viewType: ViewType;
  readonly viewed: boolean;
  /** Bumped by Refresh, so the patch is read again. */
  readonly version: number;
}

export function FilePatchView({ runId, file, viewType, viewed, version }: Props) {
  const { client } = useServices();
  const [allowLarge, setAllowLarge] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const skip = file.binary || (file.tooLarge && !allowLarge) || (viewed && !expanded);
  const key = skip ? null : `${runId}\u0000${file.path}\u0000${file.oldPath ?? ''}\u0000${allowLarge}\u0000${version}`;
  const patch = useAsync(key, () =>
    client.call('review.filePatch', { runId, path: file.path, ...(file.oldPath ? { oldPath: file.oldPath } : {}), ...(allowLarge ? { allowLarge } : {}) }),
  );

  let body;
  if (file.binary || patch.data?.binary) {
    body = <Notice testId="diff-binary" text={`Binary file (${formatBytes(file.patchBytes)}): not shown.`} />;
  } else if ((file.tooLarge && !allowLarge) || patch.data?.tooLarge) {
    body = (
      <div className="diff-notice" data-testid="diff-too-large">
        <p>
          This diff is large ({formatBytes(patch.data?.patchBytes ?? file.patchBytes)}){allowLarge ? ' and over the hard limit: it cannot be shown.' : ' and is not loaded.'}
        </p>
        {!allowLarge && (
          <button type="button" className="btn btn-small" data-testid="load-large" onClick={() => setAllowLarge(true)}>
            Load anyway
          </button>
        )}
      </div>
    );
  } else if (viewed && !expanded) {
    body = (
      <div className="diff-notice" data-testid="diff-collapsed">
        <p>Viewed, and unchanged since.</p>
        <button type="button" className="btn btn-small" onClick={() => setExpanded(true)}>
          Show the diff
        </button>
      </div>
    );
  } else if (patch.error) {
    body = <p className="form-error" role="alert">{`Could not load the patch: ${patch.error}`}</p>;
  } else if (!patch.data) {
    body = (
      <p className="progress diff-loading" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> Loading the patch{'\u2026'}
      </p>
    );
  } else if (patch.data.patch === null) {
    body = <Notice testId="diff-empty" text="No textual changes." />;
  } else {
    body = <WindowedDiff key={`${viewType}\u0000${key}`} patch={patch.data.patch} viewType={viewType} path={file.path} />;
  }

  return (
    <section className="file-patch" aria-label={`Changes to ${file.path}`} data-testid="file-patch" data-path={file.path}>
      <header className="file-patch-head">
        <code className="file-patch-path" title={file.path}>
          {file.oldPath ? `${file.oldPath} \u2192 ${file.path}` : file.path}
        </code>
        <span className="muted">
          {file.status}
          {file.untracked ? ', untracked' : ''}
          {file.kind !== 'file' ? `, ${file.kind}` : ''}
        </span>
        {patch.loading && patch.data && <span className="spinner" aria-label="Reloading" />}
      </header>
      {body}
    </section>
  );
}

function Notice({ testId, text }: { testId: string; text: string }) {
  return (
    <div className="diff-notice" data-testid={testId}>
      <p>{text}</p>
    </div>
  );
}
