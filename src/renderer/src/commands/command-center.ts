// The command layer's one object per window: runs a command by id (from a key, the palette or the
// menu) when it can, or notes why not; holds the effective keymap (catalog defaults plus the user's
// overrides, persisted) and changes it. Knows nothing of the DOM beyond CommandDom.
import { commandSpec, type CommandId } from '../../../shared/commands/catalog';
import { chordParts, parseChord } from '../../../shared/commands/chords';
import type { KeyEnv } from '../../../shared/commands/key-rules';
import { effectiveKeymap, withChords, withoutOverride, type Keymap, type Overrides } from '../../../shared/commands/keymap';
import { reportError, type ActionContext } from '../actions/context';
import { createCommandUiStore, withNote, type CommandUiStore } from './command-ui';
import { loadOverrides, saveOverrides, type KeyValueStorage } from './overrides-storage';
import { COMMAND_HANDLERS, type CommandDom } from './registry';

export type RunVia = 'key' | 'palette' | 'menu';

export interface CommandCenter {
  readonly ui: CommandUiStore;
  readonly env: KeyEnv;
  readonly actions: ActionContext;
  keymap(): Keymap;
  /** Why `id` cannot run now, or null. */
  unavailable(id: CommandId): string | null;
  /** Runs `id` if it can (true), else notes why (false). */
  run(id: CommandId, via: RunVia): boolean;
  /** Sets a command's chords (canonical); saved at once. */
  setChords(id: CommandId, chords: readonly string[]): void;
  resetChords(id: CommandId): void;
  resetAll(): void;
  /** The key labels of a command's first chord (["Ctrl", "Shift", "M"]), or null without one. */
  keyParts(id: CommandId): string[] | null;
}

export interface CommandCenterOptions {
  readonly actions: ActionContext;
  readonly dom: CommandDom;
  readonly env: KeyEnv;
  readonly storage: KeyValueStorage | null;
}

export function createCommandCenter({ actions, dom, env, storage }: CommandCenterOptions): CommandCenter {
  const ui = createCommandUiStore({ overrides: loadOverrides(storage, env) });
  let cache: { overrides: Overrides; keymap: Keymap } | null = null;
  const keymap = (): Keymap => {
    const { overrides } = ui.getState();
    if (cache?.overrides !== overrides) cache = { overrides, keymap: effectiveKeymap(overrides, env) };
    return cache.keymap;
  };
  const unavailable = (id: CommandId): string | null => COMMAND_HANDLERS[id].unavailable(actions.store.getState(), ui.getState());
  const update = (overrides: Overrides): void => {
    ui.setState({ overrides });
    saveOverrides(storage, overrides);
  };
  return {
    ui,
    env,
    actions,
    keymap,
    unavailable,
    run(id, via) {
      const reason = unavailable(id);
      if (reason) {
        ui.setState((u) => withNote(u, `${commandSpec(id).title}: ${reason}`));
        return false;
      }
      ui.setState((u) => ({ note: null, lastRun: { id, via }, paletteOpen: id === 'palette.open' ? u.paletteOpen : false }));
      try {
        const result = COMMAND_HANDLERS[id].run({ actions, ui, dom });
        if (result instanceof Promise) result.catch((err: unknown) => reportError(actions, err));
      } catch (err) {
        reportError(actions, err);
      }
      return true;
    },
    setChords: (id, chords) => update(withChords(ui.getState().overrides, id, chords, env)),
    resetChords: (id) => update(withoutOverride(ui.getState().overrides, id)),
    resetAll: () => update({}),
    keyParts(id) {
      const first = keymap().get(id)?.[0];
      const chord = first ? parseChord(first, env.platform) : null;
      return chord ? chordParts(chord, env.platform) : null;
    },
  };
}
