// What the window shows: connection state, app info, profiles, selection, and the error toasts.
import type { AppInfo, Drift, Profile } from '../../../shared/contract';

export type ConnectionState = 'open' | 'closed';

export interface Toast {
  readonly id: number;
  readonly message: string;
  /** How many times the same message was reported while shown. */
  readonly count: number;
}

export interface UiSlice {
  readonly connection: ConnectionState;
  /** The first load (and the reopening of the last repository) has finished. */
  readonly booted: boolean;
  readonly info: AppInfo | null;
  readonly profiles: readonly Profile[];
  /** null: the composer (new thread) is shown. */
  readonly selectedThreadId: string | null;
  /** The run shown in the large terminal; null: the board. */
  readonly focusedRunId: string | null;
  /** The run whose card gets keyboard focus back when returning to the board. */
  readonly returnFocusRunId: string | null;
  /** The repo picker is shown even though a repository is open (switching). */
  readonly pickingRepo: boolean;
  readonly toasts: readonly Toast[];
  readonly nextToastId: number;
  /** What `app.drift` found out of step between Switchyard's records and git (reported, never fixed by itself). */
  readonly drift: readonly Drift[];
  /** The user dismissed the drift notice for this session. */
  readonly driftDismissed: boolean;
}

export const initialUiSlice: UiSlice = {
  connection: 'open',
  booted: false,
  info: null,
  profiles: [],
  selectedThreadId: null,
  focusedRunId: null,
  returnFocusRunId: null,
  pickingRepo: false,
  toasts: [],
  nextToastId: 1,
  drift: [],
  driftDismissed: false,
};

/** Most toasts on screen at once; the oldest goes first. */
export const MAX_TOASTS = 4;

export function pushToast(s: UiSlice, message: string): Pick<UiSlice, 'toasts' | 'nextToastId'> {
  const same = s.toasts.find((t) => t.message === message);
  if (same) {
    return { toasts: s.toasts.map((t) => (t === same ? { ...t, count: t.count + 1 } : t)), nextToastId: s.nextToastId };
  }
  const toasts = [...s.toasts, { id: s.nextToastId, message, count: 1 }].slice(-MAX_TOASTS);
  return { toasts, nextToastId: s.nextToastId + 1 };
}

export function dismissToast(s: UiSlice, id: number): Pick<UiSlice, 'toasts'> {
  return { toasts: s.toasts.filter((t) => t.id !== id) };
}

/** Adds a saved profile, or replaces it: built-in profiles stay first, as `profiles.list` orders them. */
export function upsertProfile(profiles: readonly Profile[], profile: Profile): Profile[] {
  const i = profiles.findIndex((p) => p.id === profile.id);
  if (i >= 0) return profiles.map((p, j) => (j === i ? profile : p));
  return [...profiles, profile];
}
