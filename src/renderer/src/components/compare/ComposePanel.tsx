// "Compose…": what the new run will hold (one line per picked file, with its source run and, for a
// modified text file, a choice of hunks from that run's patch), the commit message, and "Create
// composed run". The picks themselves are made in the matrix; the panel only reads and edits them.
import { useState, type FormEvent } from 'react';
import type { CompareMatrix, Run, Thread } from '../../../../shared/contract';
import { composeRun } from '../../actions/compose-actions';
import { useServices } from '../../app-services';
import { useAsync } from '../../hooks/use-async';
import { errorMessage } from '../../lib/errors';
import { plural } from '../../lib/format';
import { composeRequestPicks, setHunks, splitHunks, summarize, type ComposePicks, type FilePick } from './compose-picks';

interface Props {
  readonly thread: Thread;
  readonly matrix: CompareMatrix;
  /** The compared runs, in column order. */
  readonly runs: readonly Run[];
  readonly picks: ComposePicks;
  readonly onPicks: (update: (picks: ComposePicks) => ComposePicks) => void;
  readonly onCreated: (run: Run) => void;
  readonly onCancel: () => void;
}

/** Lines of a hunk shown before "… N more lines". */
const PREVIEW_LINES = 8;

export function ComposePanel({ thread, matrix, runs, picks, onPicks, onCreated, onCancel }: Props) {
  const services = useServices();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const order = matrix.files.map((f) => f.path);
  const runById = new Map<string, Run>(runs.map((r) => [r.id, r]));
  const byIndex = (runId: string): number => runById.get(runId)?.index ?? Infinity;
  // Grouped by source run in index order, so the core names the run "Composed from #1, #2" as the summary reads.
  const request = composeRequestPicks(picks, order).sort((a, b) => byIndex(a.fromRunId) - byIndex(b.fromRunId));
  const summary = summarize(picks, [...runs].sort((a, b) => a.index - b.index).map((r) => r.id));
  const label = (runId: string): string => {
    const run = runById.get(runId);
    return run ? `#${run.index}` : 'a run no longer compared';
  };
  const defaultMessage = `Composed from runs ${summary.byRun.map((b) => label(b.runId)).join(', ') || '\u2026'}: ${thread.title}`;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (request.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(await composeRun(services, { threadId: thread.id, picks: request, message }));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  const picked = order.filter((p) => picks[p]);
  return (
    <section className="compose-panel" data-testid="compose-panel" aria-label="Compose a new run">
      <h2 className="compose-title">Compose a new run</h2>
      <p className="muted small">
        In the matrix, choose for each file the run whose version to take, or <em>Base</em> to leave it as it is on <code>{thread.baseBranch}</code>. The new run{'\u2019'}s branch
        starts from the thread{'\u2019'}s base commit and holds exactly these files; the runs you take from are not changed. Review, check and merge it like any other run.
      </p>
      <p className="compose-summary" data-testid="compose-summary" data-files={summary.files} role="status">
        {summary.files === 0
          ? 'Nothing picked yet: every file keeps the base.'
          : `${plural(summary.files, 'file')}: ${summary.byRun.map((b) => `${b.files} from ${label(b.runId)}`).join(', ')}` +
            (summary.partial > 0 ? ` (${summary.partial} of them partly, by hunks)` : '') +
            `; ${plural(matrix.files.length - summary.files, 'file')} kept at the base.`}
      </p>
      {picked.length > 0 && (
        <ul className="compose-picks" aria-label="Picked files">
          {picked.map((path) => {
            const pick = picks[path]!;
            const cell = matrix.files.find((f) => f.path === path)?.cells[pick.runId] ?? null;
            return (
              <PickedFile
                key={path}
                path={path}
                pick={pick}
                runLabel={label(pick.runId)}
                runName={runById.get(pick.runId)?.profileName ?? ''}
                hunksWhy={cell === null ? 'gone' : cell.binary ? 'binary' : cell.oldPath ? 'renamed' : cell.status !== 'modified' ? cell.status : null}
                disabled={busy}
                onHunks={(hunks) => onPicks((p) => setHunks(p, path, hunks))}
              />
            );
          })}
        </ul>
      )}
      {summary.emptyHunkChoices.length > 0 && (
        <p className="hint" data-testid="compose-empty-hunks">
          No hunk chosen for {summary.emptyHunkChoices.join(', ')}: {summary.emptyHunkChoices.length === 1 ? 'it keeps' : 'they keep'} the base.
        </p>
      )}
      <form className="compose-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          Commit message
          <textarea
            data-testid="compose-message"
            className="mono"
            rows={2}
            value={message}
            placeholder={defaultMessage}
            disabled={busy}
            maxLength={20_000}
            onChange={(e) => setMessage(e.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="compose-error">
            Could not compose: {error}
          </p>
        )}
        <div className="dialog-actions">
          {busy && (
            <span className="progress" data-testid="compose-progress" role="status">
              <span className="spinner" aria-hidden="true" /> Committing the picks and checking out the new run{'\u2026'}
            </span>
          )}
          <button type="button" className="btn" data-testid="compose-cancel" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" data-testid="compose-create" disabled={busy || request.length === 0}>
            Create composed run
          </button>
        </div>
      </form>
    </section>
  );
}

interface PickedProps {
  readonly path: string;
  readonly pick: FilePick;
  readonly runLabel: string;
  readonly runName: string;
  /** Why hunks cannot be chosen (binary, renamed, added…), or null when they can. */
  readonly hunksWhy: string | null;
  readonly disabled: boolean;
  readonly onHunks: (hunks: readonly number[] | null) => void;
}

function PickedFile({ path, pick, runLabel, runName, hunksWhy, disabled, onHunks }: PickedProps) {
  const [open, setOpen] = useState(pick.hunks !== null);
  const extent = pick.hunks === null ? 'whole file' : pick.hunks.length === 0 ? 'no hunks' : `hunks ${pick.hunks.map((h) => h + 1).join(', ')}`;
  return (
    <li className="compose-picked" data-testid="compose-picked" data-path={path} data-run-id={pick.runId}>
      <div className="compose-picked-head">
        <code className="compose-picked-path" title={path}>
          {path}
        </code>
        <span className="muted">
          {'\u2190'} {runLabel} {runName}
          {pick.oldPath ? ` (renamed from ${pick.oldPath}, which is removed)` : ''}
        </span>
        <span className="compose-extent" data-testid="compose-extent">
          {extent}
        </span>
        <span className="spacer" />
        {hunksWhy === null ? (
          <button type="button" className="btn btn-small" data-testid="compose-hunks-toggle" aria-expanded={open} disabled={disabled} onClick={() => setOpen((o) => !o)}>
            {open ? 'Hide hunks' : 'Choose hunks\u2026'}
          </button>
        ) : (
          <span className="muted small" title="Hunks can be chosen only in a modified text file">
            whole file only ({hunksWhy})
          </span>
        )}
      </div>
      {open && hunksWhy === null && <HunkPicker runId={pick.runId} path={path} chosen={pick.hunks} disabled={disabled} onChange={onHunks} />}
    </li>
  );
}

function HunkPicker({ runId, path, chosen, disabled, onChange }: { runId: string; path: string; chosen: readonly number[] | null; disabled: boolean; onChange: (hunks: readonly number[] | null) => void }) {
  const { client } = useServices();
  const patch = useAsync(`${runId}\u0000${path}`, () => client.call('review.filePatch', { runId, path }));
  if (patch.error) return <p className="form-error" role="alert">{`Could not read the hunks: ${patch.error}`}</p>;
  if (!patch.data) {
    return (
      <p className="progress small" aria-busy="true">
        <span className="spinner spinner-small" aria-hidden="true" /> Reading the hunks{'\u2026'}
      </p>
    );
  }
  if (patch.data.binary || patch.data.tooLarge || patch.data.patch === null) {
    return <p className="muted small">{patch.data.patch === null && !patch.data.binary && !patch.data.tooLarge ? 'No textual changes.' : 'Too large or binary: only the whole file can be taken.'}</p>;
  }
  const hunks = splitHunks(patch.data.patch);
  const all = hunks.map((h) => h.index);
  const isChosen = (i: number): boolean => chosen === null || chosen.includes(i);
  const toggle = (i: number, on: boolean): void => {
    const next = all.filter((h) => (h === i ? on : isChosen(h)));
    onChange(next.length === all.length ? null : next);
  };
  return (
    <ol className="compose-hunks" aria-label={`Hunks of ${path}`}>
      {hunks.map((h) => (
        <li key={h.index} className={`compose-hunk${isChosen(h.index) ? ' is-chosen' : ''}`}>
          <label className="checkbox compose-hunk-head">
            <input
              type="checkbox"
              data-testid="compose-hunk"
              data-path={path}
              data-run-id={runId}
              data-index={h.index}
              checked={isChosen(h.index)}
              disabled={disabled}
              onChange={(e) => toggle(h.index, e.target.checked)}
            />
            <span>Hunk {h.index + 1}</span>
            <code className="muted">{h.header}</code>
            <span className="diff-add">+{h.added}</span> <span className="diff-del">{'\u2212'}{h.removed}</span>
          </label>
          <pre className="compose-hunk-preview">
            {h.lines.slice(0, PREVIEW_LINES).map((line, k) => (
              <span key={k} className={line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : undefined}>
                {line}
                {'\n'}
              </span>
            ))}
            {h.lines.length > PREVIEW_LINES && <span className="muted">{`\u2026 ${plural(h.lines.length - PREVIEW_LINES, 'more line')}\n`}</span>}
          </pre>
        </li>
      ))}
    </ol>
  );
}
