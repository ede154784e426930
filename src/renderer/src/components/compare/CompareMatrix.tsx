// The files x runs matrix: a scorecard header per run (rank, checks passed/failed, diff lines),
// then one row per file with each run's +A −R (blank: untouched), and whether the runs that
// touched it agree (identical content) or differ. Clicking a row opens that file's versions.
import type { ReactNode } from 'react';
import type { CompareMatrix as Matrix, Run, ScorecardRow } from '../../../../shared/contract';
import { plural } from '../../lib/format';

interface Props {
  readonly matrix: Matrix;
  /** Columns, best ranked first. */
  readonly runs: readonly Run[];
  readonly scores: ReadonlyMap<string, ScorecardRow>;
  readonly selected: string | null;
  readonly onSelect: (path: string) => void;
  /** Buttons under a run's scorecard (Review, Merge…). */
  readonly actions?: (run: Run) => ReactNode;
}

const AGREEMENT_LABEL = { single: 'one run', agree: 'agree', differ: 'differ' } as const;

export function CompareMatrix({ matrix, runs, scores, selected, onSelect, actions }: Props) {
  return (
    <div className="compare-matrix-wrap">
      <table className="compare-matrix" data-testid="compare-matrix">
        <thead>
          <tr>
            <th scope="col" className="compare-file-col">
              File ({matrix.files.length})
            </th>
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
              {runs.map((run) => {
                const cell = row.cells[run.id];
                return (
                  <td key={run.id} className="compare-cell" data-testid="compare-cell" data-run-id={run.id} data-variant={cell?.variant ?? ''}>
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
