// What the adapter (Electron or the headless server) lends the core. The core never asks for more.
import type { MenuShortcut } from '../shared/contract/commands';

export interface Platform {
  /** 'desktop' inside Electron, 'headless' in the browser-served mode and the CLI. */
  shell: 'desktop' | 'headless';
  /** Native folder picker; absent where there is none. Resolves null when cancelled. */
  pickFolder?: () => Promise<string | null>;
  /**
   * The OS keychain (Electron's safeStorage): encrypts a secret to text that is safe to store, and back.
   * Absent in headless mode, where keys come from the environment only.
   */
  secrets?: {
    encrypt(plain: string): string;
    decrypt(stored: string): string;
  };
  /**
   * Opens a folder in the user's editor (desktop app). Resolves with what was opened, in a few
   * words ("code"); rejects with an AppError when nothing could be started. Absent in headless mode.
   */
  openInEditor?: (path: string) => Promise<string>;
  /** Opens a new terminal window in a folder (desktop app); same contract as openInEditor. */
  openTerminal?: (path: string) => Promise<string>;
  /** Shows the window's effective shortcuts in the app menu (desktop app). Absent in headless mode. */
  setMenuShortcuts?: (shortcuts: readonly MenuShortcut[]) => void;
}
