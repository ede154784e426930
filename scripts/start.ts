// `npm start` / `npm run dev`: runs the desktop app through electron-vite. Electron downloads its binary
// on first use; where that cannot happen (offline, or ELECTRON_SKIP_BINARY_DOWNLOAD) this says so in
// one sentence and points to the headless mode.
import { spawn } from 'node:child_process';
import { downloadElectron, installedElectronBinary } from './electron-binary';

const NO_BINARY =
  'No Electron binary is installed here, so the desktop window cannot open: run `npm run web` to use Switchyard in your browser instead.';

async function main(): Promise<void> {
  if (!installedElectronBinary()) {
    const allowed = !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    if (allowed) console.log('Downloading Electron for the desktop app (first start only)…');
    if (!allowed || !(await downloadElectron())) {
      console.error(NO_BINARY);
      process.exit(1);
    }
  }
  const bin = process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite';
  const child = spawn(bin, process.argv.includes('--dev') ? ['dev'] : ['preview'], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

void main();
