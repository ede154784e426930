// What a command acts on: the run shown (review pane or large terminal), else the board's run card
// that last had the keyboard, else the only run on the board; and which run "next" and "previous"
// move to. Pure functions.
import type { Run } from '../../../shared/contract';
import { isOnBoard } from '../state/review-slice';
import { runsOfThread } from '../state/runs-slice';
import type { AppState } from '../state/store';

/** The board, a panel or a run is on screen (not the repository picker or the start-up splash). */
export function onMainScreen(s: AppState): boolean {
  return s.booted && s.currentRepo !== null && !s.pickingRepo;
}

/** What the main area shows ('panel': another panel, such as the trash). */
export type Screen = 'composer' | 'board' | 'focused' | 'review' | 'compare' | 'panel' | 'none';

export function screenOf(s: AppState): Screen {
  if (!onMainScreen(s)) return 'none';
  if (s.panel) return s.panel.kind === 'review' || s.panel.kind === 'compare' ? s.panel.kind : 'panel';
  if (s.focusedRunId) return 'focused';
  return s.selectedThreadId ? 'board' : 'composer';
}

/** The selected thread's runs on the board (not archived), by index. */
export function boardRuns(s: AppState): Run[] {
  return runsOfThread(s, s.selectedThreadId).filter(isOnBoard);
}

/** The run a run command acts on, or null when none is clear. */
export function targetRun(s: AppState, cardRunId: string | null): Run | null {
  const screen = screenOf(s);
  if (screen === 'review' && s.panel?.kind === 'review') return s.runsById[s.panel.runId] ?? null;
  if (screen === 'focused' && s.focusedRunId) return s.runsById[s.focusedRunId] ?? null;
  if (screen !== 'board') return null;
  const runs = boardRuns(s);
  return runs.find((r) => r.id === cardRunId) ?? (runs.length === 1 ? (runs[0] ?? null) : null);
}

/** The id `delta` places after `current` in `ids`, wrapping; the first (or last) when `current` is not there. */
export function neighbourId(ids: readonly string[], current: string | null, delta: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current ? ids.indexOf(current) : -1;
  if (at < 0) return (delta > 0 ? ids[0] : ids[ids.length - 1]) ?? null;
  return ids[(at + delta + ids.length) % ids.length] ?? null;
}

/** "run 2 (Shell)": how the palette and notes name a run. */
export function runLabel(run: Pick<Run, 'index' | 'profileName'>): string {
  return `run ${run.index} (${run.profileName})`;
}
