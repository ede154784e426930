// Which keys the focused terminal leaves to the page, beyond `base` (Escape):
// - the jump shortcut (JUMP_HOTKEY): on macOS Cmd+J is never the program's; elsewhere Ctrl+J is a
//   line feed (Claude Code and Codex use it for a newline), so it reaches the page only when no
//   program reads the terminal: a built-in agent run (no PTY) or a run whose process has ended;
// - every key of a built-in agent run but copy and find: it has no terminal input, so typing goes
//   to the follow-up box instead (focused on the first printable key) rather than failing.
import { useCallback, useEffect, useRef } from 'react';
import { useAppState } from '../../app-services';
import { matchesHotkey } from '../../hooks/use-hotkey';
import { profileKindOf } from '../../state/agents-slice';
import { isActive } from '../../state/runs-slice';
import { IS_MAC, terminalKeyAction } from '../../terminals/terminal-keys';
import { focusFollowUpInput } from './FollowUpBar';
import { JUMP_HOTKEY } from './NeedsYou';

interface KeyPolicy {
  readonly builtin: boolean;
  readonly jumpReachesPage: boolean;
}

function useKeyPolicy(runId: string): KeyPolicy {
  const builtin = useAppState((s) => {
    const run = s.runsById[runId];
    return run !== undefined && profileKindOf(s, run) === 'builtin';
  });
  const ended = useAppState((s) => {
    const run = s.runsById[runId];
    return !run || !isActive(run.status);
  });
  return { builtin, jumpReachesPage: IS_MAC || builtin || ended };
}

/** Whether the jump shortcut is the page's while this run's terminal has the keyboard. */
export function useJumpReachesPage(runId: string): boolean {
  return useKeyPolicy(runId).jumpReachesPage;
}

const isPrintable = (e: KeyboardEvent): boolean => e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;

/** A stable passKey (the terminal is not remounted when the policy changes). */
export function useFocusedPassKey(runId: string, base: (event: KeyboardEvent) => boolean): (event: KeyboardEvent) => boolean {
  const policy = useKeyPolicy(runId);
  const ref = useRef(policy);
  useEffect(() => {
    ref.current = policy;
  });
  return useCallback(
    (event: KeyboardEvent) => {
      if (base(event)) return true;
      if (ref.current.jumpReachesPage && matchesHotkey(event, JUMP_HOTKEY)) return true;
      if (!ref.current.builtin) return false;
      const action = terminalKeyAction(event);
      if (action === 'copy' || action === 'find') return false;
      // Moving the focus during keydown makes the browser type the character into the follow-up box.
      if (event.type === 'keydown' && isPrintable(event)) focusFollowUpInput();
      return true;
    },
    [base],
  );
}
