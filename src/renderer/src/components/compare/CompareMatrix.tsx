// The files x runs matrix: a scorecard header per run (rank, checks passed/failed, diff lines),
// then one row per file with each run's +A −R (blank: untouched), and whether the runs that
// touched it agree (identical content) or differ. Clicking a row opens that file's versions.
// In compose mode every row is a radio group: keep the base, or take one run's version.
import type { ReactNode } from 'react';
import type { CompareMatrix as Matrix, Run, ScorecardRow } from '../../../../shared/contract';
import { plural } from '../../lib/format';
import type { ComposePicks } from './compose-picks';

/** Compose mode: which run's version of each file to take. */
export interface MatrixCompose {
  readonly picks: ComposePicks;
  /** Runs that cannot be picked from (still running), with the reason. */
  readonly blocked: ReadonlyMap<string, string>;
  readonly onPick: (path: string, runId: string | null, oldPath?: string) => void;
}

interface Props {
  readonly matrix: Matrix;
  /** Columns, best ranked first. */
  readonly runs: readonly Run[];
  readonly scores: ReadonlyMap<string, ScorecardRow>;
  readonly selected: string | null;
  readonly onSelect: (path: string) => void;
  /** Buttons under a run's scorecard (Review, Merge…). */
  readonly actions?: (run: Run) => ReactNode;
  readonly compose?: MatrixCompose;
}

const AGREEMENT_LABEL = { single: 'one run', agree: 'agree', differ: 'differ' } as const;

export function CompareMatrix({ matrix, runs, scores, selected, onSelect, actions, compose }: Props) {
  return (
    <div className="compare-matrix-wrap">
      <table className={`compare-matrix${compose ? ' is-composing' : ''}`} data-testid="compare-matrix">
        <thead>
          <tr>
            <th scope="col" className="compare-file-col">
              File ({matrix.files.length})
            </th>
            {compose && (
              <th scope="col" className="compose-base-col" title="Keep the file as it is in the base">
                Base
              </th>
            )}
            {runs.map((run) => (
              <ScoreHeader key={run.id} run={run} score={scores.get(run.id)} actions={actions?.(run)} />
            ))}
            <th scope="col">Runs</th>
          </tr>
        </thead>
        <tbody>
          {matrix.files.map((row) => (
            <tr
              key={row.path}
              className={`compare-row agreement-${row.agreement}${selected === row.path ? ' is-selected' : ''}`}
              data-testid="compare-row"
              data-path={row.path}
              data-agreement={row.agreement}
              data-touched-by={row.touchedBy}
            >
              <th scope="row" className="compare-file-col">
                <button type="button" className="compare-file" data-testid="compare-file" aria-pressed={selected === row.path} onClick={() => onSelect(row.path)}>
                  {row.path}
                </button>
              </th>
              {compose && (
                <td className={`compare-cell compose-base-col${compose.picks[row.path] ? '' : ' is-picked'}`}>
                  <ComposeRadio path={row.path} runId="base" label={`Keep ${row.path} as in the base`} checked={!compose.picks[row.path]} onPick={() => compose.onPick(row.path, null)} />
                </td>
              )}
              {runs.map((run) => {
                const cell = row.cells[run.id];
                const pick = compose?.picks[row.path];
                const picked = pick?.runId === run.id;
                const blocked = compose?.blocked.get(run.id);
                return (
                  <td
                    key={run.id}
                    className={`compare-cell${picked ? ' is-picked' : ''}`}
                    data-testid="compare-cell"
                    data-run-id={run.id}
                    data-variant={cell?.variant ?? ''}
                  >
                    {compose && cell && (
                      <ComposeRadio
                        path={row.path}
                        runId={run.id}
                        label={`Take ${row.path} from run #${run.index}`}
                        checked={picked}
                        disabled={blocked}
                        onPick={() => compose.onPick(row.path, run.id, cell.oldPath)}
                      />
                    )}
                    {cell &&
                      (cell.binary ? (
                        <span className="muted">bin</span>
                      ) : (
                        <>
                          <span className="diff-add">+{cell.added}</span> <span className="diff-del">{'\u2212'}{cell.removed}</span>
                          {row.touchedBy > 1 && (
                            <span className="variant" title="Runs with the same letter ended with identical content">
                              {String.fromCharCode(65 + ((cell.variant + 25) % 26))}
                            </span>
                          )}
                        </>
                      ))}
                    {picked && pick.hunks !== null && (
                      <span className="compose-partial" data-testid="compose-partial" title="Only some hunks of this run's version">
                        {pick.hunks.length === 0 ? 'no hunks' : plural(pick.hunks.length, 'hunk')}
                      </span>
                    )}
                    {compose && cell?.status === 'deleted' && <span className="muted"> deleted</span>}
                  </td>
                );
              })}
              <td className="compare-agreement">
                {row.touchedBy} {'\u00b7'} {AGREEMENT_LABEL[row.agreement]}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ComposeRadio({ path, runId, label, checked, disabled, onPick }: { path: string; runId: string; label: string; checked: boolean; disabled?: string; onPick: () => void }) {
  return (
    <input
      type="radio"
      className="compose-radio"
      name={`compose:${path}`}
      data-testid="compose-pick"
      data-path={path}
      data-run-id={runId}
      aria-label={label}
      title={disabled ?? label}
      checked={checked}
      disabled={disabled !== undefined}
      onChange={(e) => e.target.checked && onPick()}
    />
  );
}

function ScoreHeader({ run, score, actions }: { run: Run; score: ScorecardRow | undefined; actions: ReactNode }) {
  return (
    <th scope="col" className="scorecard" data-testid="scorecard-run" data-run-id={run.id} data-rank={score?.rank ?? ''} data-failed={score?.failed ?? ''}>
      <span className="scorecard-name">
        #{run.index} {run.profileName}
      </span>
      {score ? (
        <span className="scorecard-facts">
          <span className="scorecard-rank" title="Checks passing first, then the smallest diff">
            rank {score.rank}
          </span>
          <span className={score.failed > 0 ? 'diff-del' : score.total > 0 && score.passed === score.total ? 'diff-add' : 'muted'}>
            {score.total === 0 ? 'no checks' : `${score.passed}/${score.total} passed`}
            {score.failed > 0 ? `, ${score.failed} failed` : ''}
            {score.running > 0 ? `, ${score.running} running` : ''}
          </span>
          <span className="muted">{score.diffLines === null ? 'diff ?' : plural(score.diffLines, 'line')}</span>
        </span>
      ) : (
        <span className="muted">no score yet</span>
      )}
      {actions && <span className="scorecard-actions">{actions}</span>}
    </th>
  );
}
