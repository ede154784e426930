// `npm start` where no Electron binary exists: one clear sentence pointing to the headless mode, exit 1.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { installedElectronBinary } from '../scripts/electron-binary';

const START = fileURLToPath(new URL('../scripts/start.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

describe.skipIf(installedElectronBinary() !== null)('npm start without an Electron binary', () => {
  it('says so in one sentence, points to `npm run web`, and exits 1', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(TSX, [START], { env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } }, (err, _out, stderr) =>
        resolve({ code: err ? (child.exitCode ?? 1) : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^No Electron binary is installed here.*`npm run web`/)]);
  });
});
