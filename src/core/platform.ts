// What the adapter (Electron or the headless server) lends the core. The core never asks for more.
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
}
