// Small display formatters: elapsed time, relative time, diff stats. Pure, so they are unit tested.
import type { DiffSummary, Run } from '../../../shared/contract';

/** `0:42`, `12:05`, `1:02:03`, from milliseconds. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Elapsed run time: from startedAt to endedAt, or to `now` while it runs; null before it starts. */
export function runElapsedMs(run: Pick<Run, 'startedAt' | 'endedAt'>, now: number): number | null {
  if (run.startedAt === null) return null;
  return (run.endedAt ?? now) - run.startedAt;
}

/** `just now`, `5m ago`, `3h ago`, `2d ago`, then a date. */
export function formatRelative(at: number, now: number): string {
  const s = Math.round((now - at) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h}h ago`;
  const d = Math.round(h / 24);
  if (d < 7) return `${d}d ago`;
  return new Date(at).toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: d > 300 ? 'numeric' : undefined });
}

/** `+12 −3 · 4 files`, `no changes`, or null when the diff was never computed. */
export function formatDiff(diff: DiffSummary | null): string | null {
  if (!diff) return null;
  if (diff.files === 0 && diff.added === 0 && diff.removed === 0) return 'no changes';
  return `+${diff.added} \u2212${diff.removed} \u00b7 ${diff.files} ${diff.files === 1 ? 'file' : 'files'}`;
}

/** The last path segment, for compact display of long paths. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Cmd on macOS, Ctrl elsewhere, for shortcut hints. */
export function modKeyLabel(platform: string): string {
  return /mac|darwin/i.test(platform) ? '\u2318' : 'Ctrl+';
}

/** `512 B`, `3.4 KB`, `12.0 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
