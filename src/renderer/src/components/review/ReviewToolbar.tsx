// The review pane's toolbar: unified or split, "changes since my last review", refresh.
import type { ViewType } from '../../lib/diff-chunks';

interface Props {
  readonly viewType: ViewType;
  readonly onViewType: (v: ViewType) => void;
  readonly onlyUnviewed: boolean;
  readonly onOnlyUnviewed: (v: boolean) => void;
  readonly unviewed: number;
  readonly refreshing: boolean;
  readonly onRefresh: () => void;
}

export function ReviewToolbar({ viewType, onViewType, onlyUnviewed, onOnlyUnviewed, unviewed, refreshing, onRefresh }: Props) {
  return (
    <div className="review-toolbar" role="toolbar" aria-label="Diff options">
      <div className="segmented" role="group" aria-label="Layout">
        {(['unified', 'split'] as const).map((v) => (
          <button key={v} type="button" className="btn btn-small" data-testid={`diff-mode-${v}`} aria-pressed={viewType === v} onClick={() => onViewType(v)}>
            {v === 'unified' ? 'Unified' : 'Split'}
          </button>
        ))}
      </div>
      <label className="checkbox">
        <input type="checkbox" data-testid="filter-unviewed" checked={onlyUnviewed} onChange={(e) => onOnlyUnviewed(e.target.checked)} />
        Changes since my last review ({unviewed})
      </label>
      <span className="spacer" />
      <button type="button" className="btn btn-small" data-testid="review-refresh" disabled={refreshing} aria-busy={refreshing} onClick={onRefresh}>
        {refreshing && <span className="spinner spinner-small" aria-hidden="true" />}
        {refreshing ? 'Refreshing\u2026' : 'Refresh'}
      </button>
    </div>
  );
}
