// Desktop notifications through the standard Notification API (Electron and the browser alike):
// one when a run needs input, finishes its turn or ends by itself; never for a guess, never twice
// for the same change, and not for a run the user is looking at. Permission is asked once, on the
// first click or key press (browsers ignore a request without a user gesture). Clicking a
// notification shows its run. The window title counts the runs waiting for the user.
import { useEffect } from 'react';
import type { Run } from '../../../../shared/contract';
import { openRun } from '../../actions/agent-actions';
import { useAppState, useServices } from '../../app-services';
import { attentionChange, attentionKey, isRunShown, notificationText } from '../../lib/attention';
import { needsYouCount, profileKindOf } from '../../state/agents-slice';
import type { AppState } from '../../state/store';
import { findThread } from '../../state/threads-slice';

const hasNotifications = (): boolean => typeof window.Notification === 'function';

/** The user sees this window and could see the run there. */
function userSees(s: AppState, run: Run): boolean {
  return document.visibilityState === 'visible' && document.hasFocus() && isRunShown(s, run);
}

export function AttentionNotifier() {
  const services = useServices();
  const { store } = services;
  const waiting = useAppState(needsYouCount);

  // Ask for permission once, on the first user gesture.
  useEffect(() => {
    if (!hasNotifications() || Notification.permission !== 'default') return;
    const ask = (): void => {
      remove();
      if (Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
    };
    const remove = (): void => {
      window.removeEventListener('pointerdown', ask, true);
      window.removeEventListener('keydown', ask, true);
    };
    window.addEventListener('pointerdown', ask, true);
    window.addEventListener('keydown', ask, true);
    return remove;
  }, []);

  useEffect(() => {
    if (!hasNotifications()) return;
    // Per run, the last occurrence announced: an older snapshot arriving late and then the newer one
    // again must not announce the same state twice.
    const announced = new Map<string, string>();
    return store.subscribe((s, prev) => {
      if (s.runsById === prev.runsById) return;
      for (const [id, run] of Object.entries(s.runsById)) {
        const before = prev.runsById[id];
        if (before === run) continue;
        const kind = attentionChange(before, run);
        if (!kind || Notification.permission !== 'granted') continue;
        const key = attentionKey(kind, run);
        if (announced.get(id) === key) continue;
        announced.set(id, key);
        if (userSees(s, run)) continue;
        const thread = findThread(s, run.threadId);
        const text = notificationText(kind, run, thread?.title ?? null, profileKindOf(s, run) === 'builtin');
        try {
          // One per run on screen: a newer one about the same run replaces the older.
          const n = new Notification(text.title, { body: text.body, tag: `switchyard-run-${run.id}` });
          n.onclick = () => {
            window.focus();
            openRun(services, run.id);
            n.close();
          };
        } catch {
          // Some browsers only allow notifications from a service worker; the badge still counts.
        }
      }
    });
  }, [store, services]);

  useEffect(() => {
    const base = 'Switchyard';
    document.title = waiting > 0 ? `(${waiting}) ${base}` : base;
  }, [waiting]);

  return null;
}
