// `npm start` / `npm run dev`: runs the desktop app through electron-vite when an Electron binary is
// installed; otherwise says so in one sentence and points to the headless mode.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const require = createRequire(import.meta.url);
const dev = process.argv.includes('--dev');

function electronBinary() {
  try {
    const path = require('electron'); // resolves to the binary's path; throws when it was never downloaded
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

if (!electronBinary()) {
  console.error(
    'No Electron binary is installed here, so the desktop window cannot open; run `npm run web` to use Switchyard in your browser instead (or reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD to get the desktop app).',
  );
  process.exit(1);
}

const bin = process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite';
const child = spawn(bin, dev ? ['dev'] : ['preview'], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
