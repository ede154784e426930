// The window's CommandCenter for the React tree: created once from the app services, installed on
// the page while mounted, read through hooks (the UI state, a command's shortcut label).
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { CommandId } from '../../../shared/commands/catalog';
import { ariaKeyShortcut, formatChord, parseChord } from '../../../shared/commands/chords';
import { useServices } from '../app-services';
import { headlessToken } from '../rpc/connect';
import { IS_MAC } from '../terminals/terminal-keys';
import { createCommandCenter, type CommandCenter } from './command-center';
import type { CommandUiState } from './command-ui';
import { browserDom, installCommandCenter } from './install';
import type { KeyValueStorage } from './overrides-storage';

const CommandsContext = createContext<CommandCenter | null>(null);

/** localStorage, or null where reading it throws (storage disabled). */
function pageStorage(): KeyValueStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function CommandsProvider({ children }: { children: ReactNode }) {
  const services = useServices();
  const [center] = useState(() =>
    createCommandCenter({
      actions: services,
      dom: browserDom,
      env: { platform: IS_MAC ? 'mac' : 'other', web: headlessToken() !== null },
      storage: pageStorage(),
    }),
  );
  useEffect(() => installCommandCenter(center), [center]);
  return <CommandsContext value={center}>{children}</CommandsContext>;
}

export function useCommands(): CommandCenter {
  const center = useContext(CommandsContext);
  if (!center) throw new Error('CommandsProvider is missing');
  return center;
}

/** Reads the command UI state through a selector (return primitives or stable references). */
export function useCommandUi<T>(selector: (state: CommandUiState) => T): T {
  return useStore(useCommands().ui, selector);
}

export interface ShortcutInfo {
  /** "Ctrl+Shift+M", "⇧⌘M". */
  readonly label: string;
  /** For aria-keyshortcuts: "Control+Shift+M". */
  readonly aria: string;
}

/** A command's first shortcut, or null when it has none; follows remapping. */
export function useShortcut(id: CommandId): ShortcutInfo | null {
  const center = useCommands();
  const overrides = useCommandUi((s) => s.overrides);
  return useMemo(() => {
    void overrides; // the keymap is derived from them
    const first = center.keymap().get(id)?.[0];
    const chord = first ? parseChord(first, center.env.platform) : null;
    return chord ? { label: formatChord(chord, center.env.platform), aria: ariaKeyShortcut(chord) } : null;
  }, [center, id, overrides]);
}
