// Restores the execute bit on node-pty's helper programs. node-pty 1.1.0 publishes its macOS
// `prebuilds/darwin-*/spawn-helper` without it (microsoft/node-pty#850, fixed after 1.1.0); on macOS every
// PTY starts through that helper, so without the bit each run fails with "posix_spawnp failed".
// Used by `npm install` (postinstall, for `npm start` from a checkout) and by the packaging hook (after-pack.mjs).
import { chmod, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where node-pty's helper programs may be, relative to node-pty's folder. */
const HELPER_DIRS = ['build/Release', ...['darwin-x64', 'darwin-arm64'].map((target) => `prebuilds/${target}`)];

/** Makes every spawn-helper under `nodePtyDir` executable; returns how many it found. */
export async function restoreHelperModes(nodePtyDir) {
  let helpers = 0;
  for (const dir of HELPER_DIRS) {
    const helper = join(nodePtyDir, dir, 'spawn-helper');
    const info = await stat(helper).catch(() => null);
    if (!info?.isFile()) continue;
    await chmod(helper, info.mode | 0o755);
    helpers++;
  }
  return helpers;
}

// As a script (postinstall): this checkout's node_modules/node-pty, if installed.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const nodePty = fileURLToPath(new URL('../node_modules/node-pty', import.meta.url));
  await restoreHelperModes(nodePty).catch(() => 0);
}
