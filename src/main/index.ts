// Electron adapter: app lifecycle, the single-instance lock, the window, and one MessagePort per page
// load into the same core the headless server uses. No domain logic lives here.
import { app, type BrowserWindow, dialog, MessageChannelMain, safeStorage, session } from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/create-core';
import { defaultDataDir } from '../core/data-dir';
import { AppError } from '../shared/errors';
import { installAppMenu } from './app-menu';
import { openInPlatform } from './open-in';
import { messagePortTransport } from './port-transport';
import { createMainWindow } from './window';

const baseDir = dirname(fileURLToPath(import.meta.url));
/** Permissions the renderer may get; every other request (camera, geolocation, …) is refused. */
const ALLOWED_PERMISSIONS = new Set(['notifications', 'clipboard-read', 'clipboard-sanitized-write']);
let core: Core | null = null;
let win: BrowserWindow | null = null;

function connect(target: BrowserWindow, c: Core): void {
  let detach: (() => void) | null = null;
  target.webContents.on('did-finish-load', () => {
    detach?.();
    const { port1, port2 } = new MessageChannelMain();
    detach = c.attach(messagePortTransport(port1));
    target.webContents.postMessage('switchyard:port', null, [port2]);
  });
  target.webContents.on('render-process-gone', () => detach?.());
}

async function start(): Promise<void> {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  await app.whenReady();
  // Only what the page itself uses: notifications, and the clipboard for terminal copy/paste.
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => ALLOWED_PERMISSIONS.has(permission));
  // Menu items run the window's commands through the core (`app.command`); the window reports its shortcuts back.
  const menu = installAppMenu({ dev: Boolean(process.env.ELECTRON_RENDERER_URL), run: (id) => core?.runCommand(id) });
  core = await createCore({
    dataDir: defaultDataDir(),
    version: app.getVersion(),
    platform: {
      shell: 'desktop',
      secrets: keychain(),
      ...openInPlatform(),
      setMenuShortcuts: (shortcuts) => menu.setShortcuts(shortcuts),
      pickFolder: async () => {
        const result = win
          ? await dialog.showOpenDialog(win, { properties: ['openDirectory'] })
          : await dialog.showOpenDialog({ properties: ['openDirectory'] });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    },
  });
  win = createMainWindow(baseDir);
  connect(win, core);
  win.on('closed', () => (win = null));
}

/**
 * Electron's safeStorage, when it is backed by a real keychain. On Linux a 'basic_text' backend
 * means "encrypted with a hard-coded password" (Electron's docs): keys then stay in the environment.
 */
function keychain(): { encrypt(plain: string): string; decrypt(stored: string): string } | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  return {
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  };
}

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !core) return;
  event.preventDefault();
  quitting = true;
  void core.dispose().finally(() => app.quit());
});
app.on('window-all-closed', () => app.quit());

start().catch((err: unknown) => {
  // Another Switchyard process (`npm run web`, `switchyard serve`, a CLI command) owns the data folder.
  const inUse = err instanceof AppError && err.code === 'DATA_DIR_IN_USE';
  dialog.showErrorBox(inUse ? 'Switchyard is already running' : 'Switchyard could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});
