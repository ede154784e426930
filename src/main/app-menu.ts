// The Electron app menu: built from the command catalog (menu-template.ts) and rebuilt whenever the
// window reports its effective shortcuts; a click asks the core to run the command in the window.
import { Menu } from 'electron';
import type { CommandId } from '../shared/commands/catalog';
import type { MenuShortcut } from '../shared/contract/commands';
import { menuKeymap, menuTemplate } from './menu-template';

export interface AppMenu {
  /** The window's effective shortcuts: the menu shows them from now on. */
  setShortcuts(shortcuts: readonly MenuShortcut[]): void;
}

export function installAppMenu(opts: { dev: boolean; run: (id: CommandId) => void }): AppMenu {
  const platform = process.platform === 'darwin' ? 'mac' : 'other';
  const build = (shortcuts: readonly MenuShortcut[]): void => {
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(menuKeymap(shortcuts, platform), { platform, dev: opts.dev, run: opts.run })));
  };
  build([]);
  return { setShortcuts: build };
}
