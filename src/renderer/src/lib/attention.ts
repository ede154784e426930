// When a run wants the user: it needs input, its agent finished its turn, or its process ended by
// itself. Pure: the notifier (components/AttentionNotifier.tsx) compares each run before and after
// a store change and notifies once per change into one of these states, never for a guess and
// never for a run the user is looking at.
import type { Run } from '../../../shared/contract';
import { liveActivity } from '../state/agents-slice';
import type { Panel } from '../state/review-slice';

export type AttentionKind = 'needs-input' | 'done' | 'exited' | 'failed';

/** The attention state of a run, or null when it does not want the user (working, stopped by them, …). */
export function attentionOf(run: Run): AttentionKind | null {
  if (run.archivedAt !== null) return null;
  const activity = liveActivity(run);
  if (activity) {
    // A guess flips with the output; notifying for it would be noise. It still shows on the card.
    if (activity.guess || activity.state === 'working') return null;
    return activity.state;
  }
  if (run.stoppedByUser) return null; // the user's own doing
  if (run.status === 'exited') return 'exited';
  if (run.status === 'failed') return 'failed';
  return null; // running without a report, starting, or interrupted by the app shutting down
}

/** The run just moved into an attention state it was not in before: worth one notification. */
export function attentionChange(prev: Run | undefined, next: Run): AttentionKind | null {
  if (!prev) return null; // first seen (a load, not a change): nothing to announce
  const after = attentionOf(next);
  if (!after) return null;
  return attentionOf(prev) === after ? null : after;
}

/** Identifies one occurrence of an attention state, so the same one is never announced twice. */
export function attentionKey(kind: AttentionKind, run: Run): string {
  const at = kind === 'needs-input' || kind === 'done' ? run.activity?.since : run.endedAt;
  return `${kind}:${at ?? ''}`;
}

export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

const clip = (text: string, max = 180): string => (text.length > max ? `${text.slice(0, max - 1)}\u2026` : text);

export function notificationText(kind: AttentionKind, run: Run, threadTitle: string | null, builtin: boolean): NotificationText {
  const who = `#${run.index} ${run.profileName}`;
  const context = threadTitle ? clip(threadTitle, 120) : '';
  const join = (...parts: (string | null | undefined)[]): string => parts.filter(Boolean).join('\n');
  switch (kind) {
    case 'needs-input':
      return { title: `${who} needs your input`, body: join(clip(run.activity?.detail ?? 'It is waiting for you.'), context) };
    case 'done':
      return { title: `${who} finished its turn`, body: join(run.activity?.detail ? clip(run.activity.detail) : null, context) };
    case 'exited':
      if (run.exitCode === 0) return { title: builtin ? `${who} finished its turn` : `${who} finished`, body: context };
      return { title: `${who} exited with code ${run.exitCode ?? '?'}`, body: context };
    case 'failed':
      return { title: `${who} failed`, body: join(run.failure ? clip(run.failure) : null, context) };
  }
}

export interface ViewState {
  readonly selectedThreadId: string | null;
  readonly focusedRunId: string | null;
  readonly panel: Panel | null;
}

/** The run is on screen: its card on the shown board, or it is the focused or reviewed run. */
export function isRunShown(view: ViewState, run: Pick<Run, 'id' | 'threadId'>): boolean {
  if (view.panel) return view.panel.kind === 'review' ? view.panel.runId === run.id : view.panel.kind === 'compare' && view.panel.threadId === run.threadId;
  if (view.focusedRunId) return view.focusedRunId === run.id;
  return view.selectedThreadId === run.threadId;
}
