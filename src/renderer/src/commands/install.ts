// Connects a CommandCenter to the page, once per window: the one keydown dispatcher (capture phase,
// so a shortcut is decided before a terminal or a field sees the key), the tracker of the run card
// that last had the keyboard, menu commands arriving from the core (`app.command`), and the desktop
// menu's copy of the effective shortcuts (`app.setMenuShortcuts`).
import { isCommandId } from '../../../shared/commands/catalog';
import { chordFromEvent } from '../../../shared/commands/chords';
import { reportError } from '../actions/context';
import { profileKindOf } from '../state/agents-slice';
import { isActive } from '../state/runs-slice';
import { terminalKeyAction } from '../terminals/terminal-keys';
import type { AppState } from '../state/store';
import type { CommandCenter } from './command-center';
import { decideKey, type KeyPlace } from './dispatch';
import type { CommandDom } from './registry';

/** Marks the palette's <dialog>: the one dialog that does not suspend the shortcuts. */
export const PALETTE_ATTR = 'data-command-palette';

/** How many frames focusSoon waits for its element to render before giving up. */
const FOCUS_FRAMES = 20;

const NON_TEXT_INPUTS = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image']);

function isTextField(el: Element): boolean {
  if (el instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(el.type);
  return el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || (el instanceof HTMLElement && el.isContentEditable);
}

/** Where a key was typed, read from the DOM and the app state. */
export function keyPlaceOf(target: EventTarget | null, s: AppState, event?: KeyboardEvent): KeyPlace {
  const dialogOpen = document.querySelector(`dialog[open]:not([${PALETTE_ATTR}])`) !== null;
  const el = target instanceof Element ? target : null;
  if (el?.closest('.xterm')) {
    const host = el.closest<HTMLElement>('.terminal-host.terminal-focus');
    const run = host?.dataset.runId ? s.runsById[host.dataset.runId] : undefined;
    const live = run !== undefined && isActive(run.status) && profileKindOf(s, run) !== 'builtin';
    return { kind: 'terminal', liveTerminal: live, terminalLeavesKey: event !== undefined && terminalKeyAction(event) === 'find', dialogOpen };
  }
  return { kind: el && isTextField(el) ? 'text' : 'other', liveTerminal: false, dialogOpen };
}

/** The page as commands see it: focusSoon waits a few frames for its element (views render after the store changes). */
export const browserDom: CommandDom = {
  cardRunIds: () => [...document.querySelectorAll<HTMLElement>('[data-testid="run-card"]')].flatMap((card) => card.dataset.runId ?? []),
  focusSoon(selector) {
    let frames = 0;
    const attempt = (): void => {
      const el = document.querySelector<HTMLElement>(selector);
      if (el && !(el as HTMLInputElement).disabled) el.focus();
      else if (++frames < FOCUS_FRAMES) requestAnimationFrame(attempt);
    };
    requestAnimationFrame(attempt);
  },
};

export function installCommandCenter(center: CommandCenter): () => void {
  const { actions, ui, env } = center;
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.isComposing || event.repeat || event.getModifierState('AltGraph')) return;
    const place = keyPlaceOf(event.target, actions.store.getState(), event);
    const decision = decideKey(chordFromEvent(event), place, center.keymap(), env, center.unavailable);
    if (decision.kind === 'ignore') return;
    event.preventDefault();
    event.stopPropagation();
    center.run(decision.id, 'key');
  };
  const onFocusIn = (event: FocusEvent): void => {
    const card = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-testid="run-card"]') : null;
    const runId = card?.dataset.runId;
    if (runId && ui.getState().cardRunId !== runId) ui.setState({ cardRunId: runId });
  };
  // A menu item: run it unless a dialog holds the keyboard (the palette gives way).
  const offMenu = actions.client.on('app.command', ({ id }) => {
    if (!isCommandId(id) || keyPlaceOf(null, actions.store.getState()).dialogOpen) return;
    center.run(id, 'menu');
  });
  const syncMenu = (): void => {
    const shortcuts = [...center.keymap()].map(([id, chords]) => ({ command: id, chords: [...chords] }));
    actions.client.call('app.setMenuShortcuts', { shortcuts }).catch((err: unknown) => reportError(actions, err, 'Could not update the menu'));
  };
  // The desktop app's menu shows the same keys; the browser has no menu of ours.
  const offSync = env.web ? () => {} : ui.subscribe((s, prev) => s.overrides !== prev.overrides && syncMenu());
  if (!env.web) syncMenu();
  window.addEventListener('keydown', onKeyDown, true);
  document.addEventListener('focusin', onFocusIn);
  return () => {
    window.removeEventListener('keydown', onKeyDown, true);
    document.removeEventListener('focusin', onFocusIn);
    offMenu();
    offSync();
  };
}
