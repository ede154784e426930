// The files of a run's diff, sorted by folder: status, path, +/-, and a "Viewed" checkbox. Viewed
// files are dimmed and collapsed to one line; arrow keys move between files.
import { memo } from 'react';
import type { DiffFile } from '../../../../shared/contract';
import { rovingFocusHandler } from '../../lib/roving-focus';

const onListKeyDown = rovingFocusHandler('[data-testid="diff-file-open"]', 'list');

const STATUS_LETTER: Record<DiffFile['status'], string> = {
  added: 'A',
  modified: 'M',
  deleted: 'D',
  renamed: 'R',
  copied: 'C',
  'type-changed': 'T',
  unmerged: 'U',
};

interface Props {
  readonly files: readonly DiffFile[];
  readonly selected: string | null;
  readonly viewed: (file: DiffFile) => boolean;
  readonly onSelect: (path: string) => void;
  readonly onToggleViewed: (file: DiffFile, viewed: boolean) => void;
}

function splitPath(path: string): [string, string] {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? ['', path] : [path.slice(0, slash + 1), path.slice(slash + 1)];
}

export const DiffFileList = memo(function DiffFileList({ files, selected, viewed, onSelect, onToggleViewed }: Props) {
  return (
    <ul className="diff-file-list" aria-label="Changed files" onKeyDown={onListKeyDown}>
      {files.map((file) => {
        const isViewed = viewed(file);
        const [dir, name] = splitPath(file.path);
        return (
          <li
            key={file.path}
            className={`diff-file${isViewed ? ' is-viewed' : ''}`}
            data-testid="diff-file"
            data-path={file.path}
            data-viewed={isViewed}
            data-status={file.status}
            aria-current={selected === file.path ? 'true' : undefined}
          >
            <button type="button" className="diff-file-open" data-testid="diff-file-open" title={file.oldPath ? `${file.oldPath} \u2192 ${file.path}` : file.path} onClick={() => onSelect(file.path)}>
              <span className={`diff-file-status status-${file.status}`} title={file.status + (file.untracked ? ' (untracked)' : '')}>
                {STATUS_LETTER[file.status]}
              </span>
              <span className="diff-file-path">
                <span className="diff-file-dir">{dir}</span>
                {name}
              </span>
              <span className="diff-file-stat">
                {file.binary ? (
                  <span className="muted">bin</span>
                ) : (
                  <>
                    <span className="diff-add">+{file.added}</span> <span className="diff-del">{'\u2212'}{file.removed}</span>
                  </>
                )}
              </span>
            </button>
            <label className="diff-file-viewed" title="Mark viewed: hidden from “changes since my last review” until it changes again">
              <input type="checkbox" data-testid="mark-viewed" checked={isViewed} onChange={(e) => onToggleViewed(file, e.target.checked)} />
              Viewed
            </label>
          </li>
        );
      })}
    </ul>
  );
});
