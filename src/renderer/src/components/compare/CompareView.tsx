// Comparing the runs of a thread: pick the runs (by default every run with changes), the files x
// runs matrix with a scorecard per run (sorted: checks passing, then smallest diff), and for one
// file its versions side by side and the diff between two runs. "Compose…" turns the matrix into a
// choice per file (base or one run's version) and builds a new run of those. Escape goes back.
import { useMemo, useState } from 'react';
import type { Run } from '../../../../shared/contract';
import { useShallow } from 'zustand/react/shallow';
import { runChecksOnAll } from '../../actions/check-actions';
import { closePanel, openReview } from '../../actions/panel-actions';
import { useAppState, useServices } from '../../app-services';
import { useAsync } from '../../hooks/use-async';
import { useHotkey } from '../../hooks/use-hotkey';
import { checksOfRun } from '../../state/checks-slice';
import { isOnBoard } from '../../state/review-slice';
import { isActive, runsOfThread } from '../../state/runs-slice';
import { findThread } from '../../state/threads-slice';
import { ChecksHint } from '../checks/CheckBadges';
import { MergeButton } from '../merge/MergeButton';
import { CompareMatrix, type MatrixCompose } from './CompareMatrix';
import { NO_PICKS, pickAllFrom, pickFile, prunePicks, type ComposePicks } from './compose-picks';
import { ComposePanel } from './ComposePanel';
import { FileCompare } from './FileCompare';
import { PanelBack } from '../PanelBack';

export function CompareView({ threadId }: { threadId: string }) {
  const services = useServices();
  const { client } = services;
  const thread = useAppState((s) => findThread(s, threadId));
  const runs = useAppState(useShallow((s) => runsOfThread(s, threadId).filter(isOnBoard)));
  // Changes whenever a check of these runs changes state, so the scorecard is read again.
  const checksKey = useAppState((s) => runs.map((r) => checksOfRun(s, r.id).map((c) => `${c.id}:${c.status}`).join(',')).join(';'));
  const [picked, setPicked] = useState<readonly string[]>(() => {
    const changed = runs.filter((r) => (r.diff?.files ?? 0) > 0).map((r) => r.id);
    return changed.length >= 2 ? changed : runs.map((r) => r.id);
  });
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [composing, setComposing] = useState(false);
  const [rawPicks, setPicks] = useState<ComposePicks>(NO_PICKS);
  const [composedId, setComposedId] = useState<string | null>(null);
  const composed = useAppState((s) => (composedId ? s.runsById[composedId] : undefined));
  useHotkey({ key: 'Escape' }, () => (composing ? setComposing(false) : closePanel(services)));

  const pickedRuns = runs.filter((r) => picked.includes(r.id));
  const ids = pickedRuns.map((r) => r.id);
  const matrix = useAsync(ids.length >= 2 ? `${threadId}\u0000${ids.join(',')}\u0000${version}` : null, () => client.call('compare.matrix', { threadId, runIds: ids }));
  const scorecard = useAsync(`${threadId}\u0000${checksKey}\u0000${version}`, () => client.call('compare.scorecard', { threadId }));
  const scores = useMemo(() => new Map((scorecard.data ?? []).map((row) => [row.runId, row])), [scorecard.data]);
  const columns = [...pickedRuns].sort((a, b) => (scores.get(a.id)?.rank ?? Infinity) - (scores.get(b.id)?.rank ?? Infinity) || a.index - b.index);
  const toggle = (runId: string, on: boolean): void => setPicked((p) => (on ? [...p, runId] : p.filter((id) => id !== runId)));
  // Picks of files or runs no longer in the matrix do not count (and come back if they return).
  const picks = useMemo(() => (matrix.data ? prunePicks(rawPicks, matrix.data.files) : rawPicks), [rawPicks, matrix.data]);
  const compose: MatrixCompose | undefined = composing
    ? {
        picks,
        blocked: new Map(columns.filter((r) => isActive(r.status)).map((r) => [r.id, `Run #${r.index} is still running: pick from it once it has ended`])),
        onPick: (path, runId, oldPath) => setPicks((p) => pickFile(p, path, runId, oldPath)),
      }
    : undefined;
  const onComposed = (run: Run): void => {
    setComposing(false);
    setPicks(NO_PICKS);
    setComposedId(run.id);
    // Shown next to the runs it came from.
    setPicked((p) => (p.includes(run.id) ? p : [...p, run.id]));
  };
  const checkAll = async (): Promise<void> => {
    setStarting(true);
    await runChecksOnAll(services, threadId);
    setStarting(false);
  };

  return (
    <section className="panel compare-view" data-testid="compare-view" aria-label="Compare runs">
      <header className="panel-head">
        <PanelBack label="Board" />
        <h1 className="board-title">Compare: {thread?.title ?? 'thread'}</h1>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-small compose-mode-toggle"
          data-testid="compose-mode"
          aria-pressed={composing}
          disabled={!matrix.data || ids.length < 2}
          onClick={() => {
            setComposing((c) => !c);
            setComposedId(null);
          }}
          title="Build a new run from files of these runs"
        >
          Compose{'\u2026'}
        </button>
        <button type="button" className="btn btn-small" data-testid="run-checks-all" disabled={starting} aria-busy={starting} onClick={() => void checkAll()}>
          {starting && <span className="spinner spinner-small" aria-hidden="true" />}
          Run checks on all
        </button>
        <button type="button" className="btn btn-small" data-testid="compare-refresh" disabled={matrix.loading} onClick={() => setVersion((v) => v + 1)}>
          {matrix.loading ? 'Refreshing\u2026' : 'Refresh'}
        </button>
      </header>
      <div className="panel-subhead">
        <fieldset className="compare-pick">
          <legend>Runs to compare</legend>
          {runs.map((r) => (
            <label key={r.id} className="checkbox">
              <input type="checkbox" data-testid="compare-pick" data-run-id={r.id} checked={picked.includes(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />#{r.index} {r.profileName}
              <span className="muted">{r.diff ? ` (${r.diff.files} files)` : ''}</span>
            </label>
          ))}
        </fieldset>
        <ChecksHint threadId={threadId} />
      </div>
      {composed && (
        <div className="compose-result" data-testid="compose-result" data-run-id={composed.id} role="status">
          <span>
            Created run #{composed.index} <span className="muted">{composed.profileName}</span> on <code>{composed.branch}</code>
            {composed.diff ? ` (${composed.diff.files} ${composed.diff.files === 1 ? 'file' : 'files'})` : ''}. It is on the board: review, check and merge it like any other run.
          </span>
          <span className="spacer" />
          <button type="button" className="btn btn-small btn-primary" data-testid="compose-open-review" onClick={() => openReview(services, composed.id)}>
            Review run #{composed.index}
          </button>
          <button type="button" className="btn btn-small" data-testid="compose-to-board" onClick={() => closePanel(services)}>
            Board
          </button>
          <button type="button" className="btn btn-ghost btn-small" aria-label="Dismiss" onClick={() => setComposedId(null)}>
            {'\u00d7'}
          </button>
        </div>
      )}
      {ids.length < 2 && <p className="empty-state">Pick at least two runs to compare.</p>}
      {(matrix.error || scorecard.error) && (
        <p className="form-error panel-error" role="alert">
          {matrix.error ? `Could not compare the runs: ${matrix.error}` : `Could not rank the runs: ${scorecard.error}`}
        </p>
      )}
      {ids.length >= 2 && !matrix.data && !matrix.error && (
        <p className="progress empty-state" aria-busy="true">
          <span className="spinner" aria-hidden="true" /> Comparing{'\u2026'}
        </p>
      )}
      <div className="compare-body">
        {matrix.data && ids.length >= 2 && (
          <CompareMatrix
            matrix={matrix.data}
            runs={columns}
            scores={scores}
            selected={selected}
            onSelect={setSelected}
            compose={compose}
            actions={(run) => (
              <>
                {composing && (
                  <button
                    type="button"
                    className="btn btn-small"
                    data-testid="compose-take-all"
                    data-run-id={run.id}
                    disabled={isActive(run.status)}
                    onClick={() => setPicks((p) => pickAllFrom(p, matrix.data?.files ?? [], run.id))}
                    title={`Take every file run #${run.index} changed`}
                  >
                    Take all
                  </button>
                )}
                <button type="button" className="btn btn-small" data-testid="open-review" onClick={() => openReview(services, run.id)}>
                  Review
                </button>
                {thread && <MergeButton run={run} thread={thread} />}
              </>
            )}
          />
        )}
        {composing && thread && matrix.data && ids.length >= 2 && (
          <ComposePanel
            thread={thread}
            matrix={matrix.data}
            runs={columns}
            picks={picks}
            onPicks={setPicks}
            onCreated={onComposed}
            onCancel={() => {
              setComposing(false);
              setPicks(NO_PICKS);
            }}
          />
        )}
        {selected && ids.length >= 2 && <FileCompare key={selected} threadId={threadId} path={selected} runs={columns} />}
      </div>
    </section>
  );
}
