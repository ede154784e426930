// electron-builder `afterPack` hook (electron-builder.yml): runs on the unpacked app, before signing.
//
// node-pty 1.1.0 publishes its macOS `prebuilds/darwin-*/spawn-helper` without the execute bit
// (microsoft/node-pty#850, fixed after 1.1.0), and electron-builder copies file modes as they are. On macOS
// every PTY is started through that helper, so a package built from it fails each run with
// "posix_spawnp failed". This restores the bit on the copy in app.asar.unpacked; it must happen here, before
// signing, because a signed bundle cannot be changed afterwards.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { restoreHelperModes } from './pty-helper-mode.mjs';

/** @param {{ appOutDir: string, electronPlatformName: string, packager: { getResourcesDir(appOutDir: string): string } }} context */
export default async function afterPack(context) {
  const nodePty = join(context.packager.getResourcesDir(context.appOutDir), 'app.asar.unpacked', 'node_modules', 'node-pty');
  if ((await readdir(nodePty).catch(() => [])).length === 0) {
    throw new Error(`node-pty is not unpacked at ${nodePty}: check asarUnpack in electron-builder.yml`);
  }
  const helpers = await restoreHelperModes(nodePty);
  if (context.electronPlatformName === 'darwin' && helpers === 0) {
    throw new Error(`node-pty's spawn-helper is missing from ${nodePty}: terminals could not start on macOS`);
  }
}
