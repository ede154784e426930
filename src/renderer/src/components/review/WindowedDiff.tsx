// One file's unified patch rendered with react-diff-view, unified or split, syntax highlighted,
// and windowed: the patch is cut into chunks (lib/diff-chunks.ts) and only the chunks near the
// viewport are rendered; the others are empty blocks of the same height. Text nodes only.
import { memo, useMemo, useRef } from 'react';
import { Decoration, Diff, Hunk, parseDiff, type FileData } from 'react-diff-view';
import 'react-diff-view/style/index.css';
import { useVisibleSet } from '../../hooks/use-visible-set';
import { chunkHunks, type DiffChunk, type ViewType } from '../../lib/diff-chunks';
import { highlightHunks, languageOf } from '../../lib/diff-highlight';

/** Height of one diff row in px; app.css sets the same (--diff-row). */
export const DIFF_ROW_PX = 20;

/** Chunks rendered at once, before the observer says which are on screen (about a screenful). */
const FIRST_CHUNKS = 2;

interface Props {
  readonly patch: string;
  readonly viewType: ViewType;
  /** The file's path, for the highlighting language and the label. */
  readonly path: string;
  readonly testId?: string;
}

function parsePatch(patch: string, viewType: ViewType): FileData[] {
  // Split view reads best with deletions and insertions zipped side by side.
  return parseDiff(patch, viewType === 'split' ? { nearbySequences: 'zip' } : {});
}

export function WindowedDiff({ patch, viewType, path, testId = 'diff-view' }: Props) {
  const files = useMemo(() => parsePatch(patch, viewType), [patch, viewType]);
  const chunks = useMemo(() => chunkHunks(files.flatMap((f) => f.hunks), viewType), [files, viewType]);
  const diffType = files[0]?.type ?? 'modify';
  const language = languageOf(path);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { visible, heights, observe } = useVisibleSet(scrollRef, FIRST_CHUNKS);
  const lines = chunks.reduce((n, c) => n + c.hunks.reduce((m, h) => m + h.changes.length, 0), 0);

  return (
    <div
      ref={scrollRef}
      className={`diff-view diff-view-${viewType}`}
      data-testid={testId}
      data-view-type={viewType}
      data-lines={lines}
      tabIndex={0}
      aria-label={`Diff of ${path}`}
    >
      {chunks.length === 0 ? (
        <p className="empty-state small">No line changes (only the file{'\u2019'}s mode or name changed).</p>
      ) : (
        chunks.map((chunk, i) => (
          <ChunkSlot
            key={chunk.key}
            index={i}
            chunk={chunk}
            shown={visible.has(i)}
            height={heights.get(i) ?? chunk.rows * DIFF_ROW_PX}
            observe={observe}
            viewType={viewType}
            diffType={diffType}
            language={language}
          />
        ))
      )}
    </div>
  );
}

interface SlotProps {
  readonly index: number;
  readonly chunk: DiffChunk;
  readonly shown: boolean;
  readonly height: number;
  readonly observe: (el: HTMLElement | null) => (() => void) | undefined;
  readonly viewType: ViewType;
  readonly diffType: FileData['type'];
  readonly language: string | null;
}

const ChunkSlot = memo(function ChunkSlot({ index, chunk, shown, height, observe, viewType, diffType, language }: SlotProps) {
  return (
    <div className="diff-chunk" data-index={index} ref={observe} style={shown ? undefined : { height }}>
      {shown && <ChunkTable chunk={chunk} viewType={viewType} diffType={diffType} language={language} />}
    </div>
  );
});

function ChunkTable({ chunk, viewType, diffType, language }: Omit<SlotProps, 'index' | 'shown' | 'height' | 'observe'>) {
  const tokens = useMemo(() => highlightHunks(chunk.hunks, language), [chunk, language]);
  return (
    <Diff viewType={viewType} diffType={diffType} hunks={chunk.hunks} tokens={tokens} optimizeSelection>
      {(hunks) =>
        hunks.flatMap((hunk, i) => {
          const body = <Hunk key={`h${i}`} hunk={hunk} />;
          if (!hunk.content) return [body];
          return [
            <Decoration key={`d${i}`} className="diff-hunk-header">
              {hunk.content}
            </Decoration>,
            body,
          ];
        })
      }
    </Diff>
  );
}
