// A view's own keys (Escape to go back), heard at the window while the view is mounted. App-wide
// shortcuts are commands instead (src/commands: one dispatcher, remappable, listed in the palette).
// Keys a focused terminal consumes never reach these listeners, because xterm stops their propagation.
import { useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent } from 'react';

export interface Hotkey {
  readonly key: string;
  /** Ctrl, or Cmd on macOS. */
  readonly mod?: boolean;
  readonly shift?: boolean;
}

export function isModKey(event: KeyboardEvent | ReactKeyboardEvent): boolean {
  return event.ctrlKey || event.metaKey;
}

export function matchesHotkey(event: KeyboardEvent, hotkey: Hotkey): boolean {
  return (
    event.key.toLowerCase() === hotkey.key.toLowerCase() &&
    isModKey(event) === Boolean(hotkey.mod) &&
    event.shiftKey === Boolean(hotkey.shift) &&
    !event.altKey
  );
}

export function useHotkey(hotkey: Hotkey, handler: (event: KeyboardEvent) => void, enabled = true): void {
  const handlerRef = useRef(handler);
  useEffect(() => {
    handlerRef.current = handler;
  });
  const { key, mod, shift } = hotkey;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return;
      if (!matchesHotkey(event, { key, mod, shift })) return;
      event.preventDefault();
      handlerRef.current(event);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [key, mod, shift, enabled]);
}
