// Creates the hardened main window: sandboxed, isolated, no Node, no new windows, no navigation away.
import { BrowserWindow, nativeTheme, shell } from 'electron';
import { join } from 'node:path';

/** Schemes an external link may open with, after the user clicked it. */
const EXTERNAL_SCHEMES = new Set(['https:', 'http:']);

export function createMainWindow(baseDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    show: false,
    // The page's --bg in the theme the OS asks for, so the window never flashes the other one.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#111318' : '#f6f7f9',
    title: 'Switchyard',
    // Linux shows this in the task bar; macOS and Windows take the icon from the packaged app.
    icon: join(baseDir, '../../resources/icon.png'),
    webPreferences: {
      preload: join(baseDir, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    try {
      if (EXTERNAL_SCHEMES.has(new URL(url).protocol)) void shell.openExternal(url);
    } catch {
      // not a URL: nothing to open
    }
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== win.webContents.getURL()) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());

  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(baseDir, '../renderer/index.html'));
  return win;
}
