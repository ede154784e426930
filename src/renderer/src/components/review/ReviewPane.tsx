// Reviewing one run: its diff against the merge-base (uncommitted and untracked work included) as a
// file list with +/- and "Viewed" marks, the selected file's patch (unified or split), "changes
// since my last review" (only files not viewed), refresh, checks and Merge…. Escape goes back.
import { useCallback, useMemo, useState } from 'react';
import type { DiffFile, RunDiff } from '../../../../shared/contract';
import { closePanel } from '../../actions/panel-actions';
import { reportError } from '../../actions/context';
import { useAppState, useServices } from '../../app-services';
import { useAsync } from '../../hooks/use-async';
import { useHotkey } from '../../hooks/use-hotkey';
import type { ViewType } from '../../lib/diff-chunks';
import { plural } from '../../lib/format';
import { findThread } from '../../state/threads-slice';
import { CheckBadges, ChecksHint, RunChecksButton } from '../checks/CheckBadges';
import { MergeButton } from '../merge/MergeButton';
import { StatusBadge } from '../StatusBadge';
import { DiffFileList } from './DiffFileList';
import { FilePatchView } from './FilePatchView';
import { ReviewToolbar } from './ReviewToolbar';
import { PanelBack } from '../PanelBack';

/** Viewed marks set here, until the next `review.runDiff` answer (which then carries them). */
interface Marks {
  readonly of: RunDiff | null;
  readonly viewed: Readonly<Record<string, boolean>>;
}

export function ReviewPane({ runId }: { runId: string }) {
  const services = useServices();
  const run = useAppState((s) => s.runsById[runId]);
  const thread = useAppState((s) => findThread(s, run?.threadId ?? null));
  const [version, setVersion] = useState(0);
  const diff = useAsync(`${runId}\u0000${version}`, () => services.client.call('review.runDiff', { runId }));
  const [viewType, setViewType] = useState<ViewType>('unified');
  const [onlyUnviewed, setOnlyUnviewed] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [marks, setMarks] = useState<Marks>({ of: null, viewed: {} });
  useHotkey({ key: 'Escape' }, () => closePanel(services));

  const data = diff.data;
  const current = useMemo(() => (marks.of === data ? marks.viewed : {}), [marks, data]);
  const isViewed = useCallback((f: DiffFile): boolean => current[f.path] ?? f.viewed, [current]);
  const files = useMemo(() => [...(data?.files ?? [])].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), [data]);
  const listed = onlyUnviewed ? files.filter((f) => !isViewed(f)) : files;
  const file = files.find((f) => f.path === selected) ?? listed[0] ?? null;

  const toggleViewed = useCallback(
    (f: DiffFile, viewed: boolean) => {
      setMarks((m) => ({ of: data, viewed: { ...(m.of === data ? m.viewed : {}), [f.path]: viewed } }));
      services.client.call('review.markViewed', { runId, path: f.path, viewed }).catch((err: unknown) => {
        setMarks((m) => ({ of: data, viewed: { ...(m.of === data ? m.viewed : {}), [f.path]: !viewed } }));
        reportError(services, err, 'Could not save the viewed mark');
      });
      if (viewed && f.path === file?.path) {
        const next = files.find((g) => g.path !== f.path && !isViewed(g) && files.indexOf(g) > files.indexOf(f));
        if (next) setSelected(next.path);
      }
    },
    [data, services, runId, file, files, isViewed],
  );

  const refresh = (): void => {
    setVersion((v) => v + 1);
  };

  if (!run) {
    return (
      <section className="panel" data-testid="review-pane">
        <p className="empty-state">This run is not loaded.</p>
      </section>
    );
  }
  const unviewed = files.filter((f) => !isViewed(f)).length;
  return (
    <section className="panel review-pane" data-testid="review-pane" data-run-id={runId} aria-label={`Review of run ${run.index}`}>
      <header className="panel-head">
        <PanelBack label="Board" />
        <h1>
          Review run {run.index} <span className="muted">{run.profileName}</span>
        </h1>
        <StatusBadge run={run} />
        {data && (
          <span className="diffstat" data-testid="review-totals">
            <span className="diff-add">+{data.added}</span> <span className="diff-del">{'\u2212'}{data.removed}</span>{' '}
            <span className="diff-files">{'\u00b7'} {plural(files.length, 'file')}</span>
          </span>
        )}
        <span className="spacer" />
        <RunChecksButton runId={runId} />
        {thread && <MergeButton run={run} thread={thread} />}
      </header>
      <div className="panel-subhead">
        <code className="run-branch" title={run.branch}>
          {run.branch}
        </code>
        <CheckBadges runId={runId} />
        {thread && <ChecksHint threadId={thread.id} />}
      </div>
      <ReviewToolbar
        viewType={viewType}
        onViewType={setViewType}
        onlyUnviewed={onlyUnviewed}
        onOnlyUnviewed={setOnlyUnviewed}
        unviewed={unviewed}
        refreshing={diff.loading}
        onRefresh={refresh}
      />
      {diff.error && (
        <p className="form-error panel-error" role="alert">
          Could not read the diff: {diff.error}
        </p>
      )}
      {!data && !diff.error && (
        <p className="progress empty-state" aria-busy="true">
          <span className="spinner" aria-hidden="true" /> Reading the diff{'\u2026'}
        </p>
      )}
      {data && files.length === 0 && <p className="empty-state">No changes against the base.</p>}
      {data && files.length > 0 && (
        <div className="review-body">
          <nav className="review-files" aria-label="Changed files">
            {listed.length === 0 ? (
              <p className="empty-state small">Every file is marked viewed and unchanged since.</p>
            ) : (
              <DiffFileList files={listed} selected={file?.path ?? null} viewed={isViewed} onSelect={setSelected} onToggleViewed={toggleViewed} />
            )}
            {data.omittedUntracked > 0 && <p className="hint">{plural(data.omittedUntracked, 'more untracked file')} not listed.</p>}
          </nav>
          {file && <FilePatchView key={file.path} runId={runId} file={file} viewType={viewType} viewed={isViewed(file)} version={version} />}
        </div>
      )}
    </section>
  );
}
