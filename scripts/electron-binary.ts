// Finds the installed Electron binary without triggering Electron's download-on-first-use
// (`require('electron')` downloads when the binary is missing), and can run that download on request.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));

/** Absolute path of the Electron executable, or null when it has not been downloaded. */
export function installedElectronBinary(): string | null {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Runs Electron's own installer (it downloads the binary); resolves whether a binary exists afterwards. */
export function downloadElectron(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(electronDir, 'install.js')], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', () => resolve(installedElectronBinary() !== null));
  });
}
