// Binds every command of the catalog to what it does (the existing actions) and to when it can run:
// `unavailable` returns the reason shown greyed out in the palette, or null. One table for the
// palette, the shortcuts and the menus.
import type { CommandId } from '../../../shared/commands/catalog';
import type { Run } from '../../../shared/contract';
import { jumpToNextNeeding } from '../actions/agent-actions';
import { runChecks, runChecksOnAll } from '../actions/check-actions';
import type { ActionContext } from '../actions/context';
import { archiveRun } from '../actions/lifecycle-actions';
import { closePanel, openCompare, openReview, openTrash } from '../actions/panel-actions';
import { showRepoPicker } from '../actions/repo-actions';
import { backToBoard, focusRun, resumeRun, stopRun } from '../actions/run-actions';
import { newThread } from '../actions/thread-actions';
import { needsYouCount, profileKindOf } from '../state/agents-slice';
import { isFinished, publishedMergeOf } from '../state/review-slice';
import { isActive } from '../state/runs-slice';
import type { AppState } from '../state/store';
import type { CommandUiState, CommandUiStore } from './command-ui';
import { boardRuns, neighbourId, onMainScreen, runLabel, screenOf, targetRun } from './target';

/** What commands reach of the page itself: the keyboard focus, and the run cards on screen. */
export interface CommandDom {
  /** Gives the keyboard to the first element matching `selector` once the view has rendered. */
  focusSoon(selector: string): void;
  /** Run ids of the board's cards in the order shown (the board's filter and grouping applied). */
  cardRunIds(): string[];
}

export interface CommandContext {
  readonly actions: ActionContext;
  readonly ui: CommandUiStore;
  readonly dom: CommandDom;
}

export interface CommandHandler {
  /** Why the command cannot run now (a sentence), or null when it can. */
  unavailable(s: AppState, ui: CommandUiState): string | null;
  run(ctx: CommandContext): unknown;
  /** What it would act on now, for the palette ("run 2 (Shell)"). */
  detail?(s: AppState, ui: CommandUiState): string | null;
}

/** Selectors of the elements commands give the keyboard to. */
export const FOCUS_TARGETS = {
  composerPrompt: '[data-testid="composer-prompt"]',
  followUp: 'textarea.followup-input',
  repoPath: '[data-testid="repo-path-input"]',
  card: (runId: string) => `[data-testid="run-card"][data-run-id=${JSON.stringify(runId)}]`,
} as const;

const NO_REPO = 'Open a repository first.';
const NO_RUN = 'Select a run first: move to its card (or open it), then try again.';

/** A command on the run in view; `problem` says why that run cannot take it. */
function onRun(problem: (run: Run, s: AppState) => string | null, act: (ctx: CommandContext, run: Run) => unknown): CommandHandler {
  const target = (s: AppState, ui: CommandUiState): Run | null => targetRun(s, ui.cardRunId);
  return {
    unavailable: (s, ui) => {
      if (!onMainScreen(s)) return NO_REPO;
      const run = target(s, ui);
      return run ? problem(run, s) : NO_RUN;
    },
    detail: (s, ui) => {
      const run = target(s, ui);
      return run ? runLabel(run) : null;
    },
    run: (ctx) => {
      const run = target(ctx.actions.store.getState(), ctx.ui.getState());
      return run ? act(ctx, run) : undefined;
    },
  };
}

const ended = (run: Run): string | null => {
  if (run.archivedAt !== null) return `Run ${run.index} is archived: restore it from the trash first.`;
  return isFinished(run) ? null : `Run ${run.index} is still running: wait for it to finish, or stop it.`;
};

/** Moves to the next or previous run in whatever shows runs: the board's cards, the large terminal, the review. */
function stepRun(delta: 1 | -1): CommandHandler {
  return {
    unavailable: (s) => {
      if (!onMainScreen(s)) return NO_REPO;
      const screen = screenOf(s);
      if (screen !== 'board' && screen !== 'focused' && screen !== 'review') return 'No runs on this screen: open a thread first.';
      return boardRuns(s).length > 0 ? null : 'This thread has no runs on the board.';
    },
    run: ({ actions, ui, dom }) => {
      const s = actions.store.getState();
      const screen = screenOf(s);
      const ids = screen === 'board' ? dom.cardRunIds() : boardRuns(s).map((r) => r.id);
      const next = neighbourId(ids, targetRun(s, ui.getState().cardRunId)?.id ?? null, delta);
      if (!next) return;
      if (screen === 'focused') focusRun(actions, next);
      else if (screen === 'review') openReview(actions, next);
      ui.setState({ cardRunId: next });
      if (screen === 'board') dom.focusSoon(FOCUS_TARGETS.card(next));
    },
  };
}

const available = (): null => null;

/** Every catalog command's handler: a missing one is a type error (Record of every CommandId). */
export const COMMAND_HANDLERS: Readonly<Record<CommandId, CommandHandler>> = {
  'palette.open': { unavailable: available, run: ({ ui }) => ui.setState((u) => ({ paletteOpen: !u.paletteOpen, shortcutsOpen: false })) },
  'shortcuts.open': { unavailable: available, run: ({ ui }) => ui.setState({ shortcutsOpen: true, paletteOpen: false }) },
  'repo.open': {
    unavailable: (s) => (s.booted ? null : 'Switchyard is still starting.'),
    run: ({ actions, dom }) => {
      showRepoPicker(actions, true);
      dom.focusSoon(FOCUS_TARGETS.repoPath);
    },
  },
  'thread.new': {
    unavailable: (s) => (s.currentRepo ? null : NO_REPO),
    run: ({ actions, dom }) => {
      newThread(actions);
      dom.focusSoon(FOCUS_TARGETS.composerPrompt);
    },
  },
  'composer.focus': {
    unavailable: (s) => {
      const screen = screenOf(s);
      return screen === 'composer' || screen === 'focused' ? null : 'No prompt on this screen: New thread opens one.';
    },
    run: ({ actions, dom }) => dom.focusSoon(screenOf(actions.store.getState()) === 'focused' ? FOCUS_TARGETS.followUp : FOCUS_TARGETS.composerPrompt),
  },
  'thread.compare': {
    unavailable: (s) => (!onMainScreen(s) ? NO_REPO : s.selectedThreadId ? null : 'Open a thread first.'),
    run: ({ actions }) => {
      const id = actions.store.getState().selectedThreadId;
      if (id) openCompare(actions, id);
    },
  },
  'thread.checksAll': {
    unavailable: (s) => (!onMainScreen(s) ? NO_REPO : s.selectedThreadId ? null : 'Open a thread first.'),
    run: ({ actions }) => {
      const id = actions.store.getState().selectedThreadId;
      return id ? runChecksOnAll(actions, id) : undefined;
    },
  },
  'run.next': stepRun(1),
  'run.previous': stepRun(-1),
  'run.nextNeedingInput': {
    unavailable: (s) => (!onMainScreen(s) ? NO_REPO : needsYouCount(s) > 0 ? null : 'No run needs you right now.'),
    run: ({ actions }) => jumpToNextNeeding(actions),
  },
  'run.open': onRun(
    (run, s) => (run.archivedAt !== null ? `Run ${run.index} is archived.` : s.focusedRunId === run.id ? `Run ${run.index} is already open.` : null),
    ({ actions }, run) => focusRun(actions, run.id),
  ),
  'view.board': {
    unavailable: (s) => (onMainScreen(s) && (s.panel !== null || s.focusedRunId !== null) ? null : 'Nothing to go back from.'),
    run: ({ actions }) => (actions.store.getState().panel ? closePanel(actions) : backToBoard(actions)),
  },
  'run.review': onRun(
    (run, s) => (s.panel?.kind === 'review' && s.panel.runId === run.id ? `The diff of run ${run.index} is open.` : null),
    ({ actions }, run) => openReview(actions, run.id),
  ),
  'run.merge': onRun(
    (run, s) => (publishedMergeOf(s, run.threadId, run.id) ? `Run ${run.index} is merged already.` : ended(run)),
    ({ ui }, run) => ui.setState({ mergeRunId: run.id, paletteOpen: false }),
  ),
  'run.stop': onRun((run) => (isActive(run.status) ? null : `Run ${run.index} is not running.`), ({ actions }, run) => stopRun(actions, run.id)),
  'run.archive': onRun(ended, ({ actions }, run) => archiveRun(actions, run.id)),
  'run.checks': onRun(ended, ({ actions }, run) => runChecks(actions, run.id)),
  'run.resume': onRun(
    (run, s) => {
      if (profileKindOf(s, run) !== 'cli') return 'Only agent CLI runs can be resumed.';
      if (isActive(run.status)) return `Run ${run.index} is still running.`;
      return run.archivedAt === null && run.worktreePath !== '' ? null : `Run ${run.index} has no worktree: restore it first.`;
    },
    ({ actions }, run) => resumeRun(actions, run.id),
  ),
  'trash.open': { unavailable: (s) => (onMainScreen(s) ? null : NO_REPO), run: ({ actions }) => openTrash(actions) },
  'terminal.find': {
    unavailable: (s) => (screenOf(s) === 'focused' ? null : 'Open a run in the large terminal first.'),
    run: ({ ui }) => ui.setState((u) => ({ findRequests: u.findRequests + 1 })),
  },
};
