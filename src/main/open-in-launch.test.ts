// launchFirst with real processes: small scripts on a temp PATH record their arguments and folder.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/helpers/git-fixtures';
import { childEnv, findProgram, launchFirst } from './open-in-launch';

describe.skipIf(process.platform === 'win32')('launchFirst', () => {
  let tmp: TempDir;
  let bin: string;
  let folder: string;
  let record: string;

  const script = async (dir: string, name: string, body: string): Promise<void> => {
    const file = join(dir, name);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, 0o755);
  };
  /** Waits for the detached script to write its record (it runs on its own after the spawn). */
  const recorded = async (): Promise<string> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const text = await readFile(record, 'utf8').catch(() => '');
      if (text.includes('\n')) return text;
      if (Date.now() > deadline) throw new Error('the launched program wrote nothing');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    tmp = await makeTempDir();
    bin = join(tmp.path, 'bin');
    folder = join(tmp.path, 'work tree');
    record = join(tmp.path, 'record.txt');
    await mkdir(bin);
    await mkdir(folder);
    await script(bin, 'fake-editor', `printf '%s|%s|%s\\n' "$PWD" "$1" "$ELECTRON_RUN_AS_NODE" > "${record}"`);
    await script(bin, 'failing-opener', 'exit 3');
    // Planted in the folder being opened: must never run, even with "." on PATH.
    await script(folder, 'planted', `echo planted > "${record}"`);
  });
  afterAll(async () => {
    await tmp?.cleanup();
  });

  it('starts the first program that exists, detached, in the folder, with the folder as its argument', async () => {
    const env = { PATH: `${bin}`, ELECTRON_RUN_AS_NODE: '1' };
    const result = await launchFirst(
      [
        { command: 'not-installed-anywhere', args: [folder], label: 'missing' },
        { command: 'fake-editor', args: [folder], label: 'fake' },
      ],
      folder,
      env,
    );
    expect(result).toEqual({ opened: 'fake', problems: [] });
    expect(await recorded()).toBe(`${folder}|${folder}|\n`);
  });

  it('moves on when a launcher reports failure by its exit code, and says why when nothing starts', async () => {
    const result = await launchFirst([{ command: 'failing-opener', args: [], label: 'opener', waitForExit: true }], folder, { PATH: bin });
    expect(result).toEqual({ opened: null, problems: ['opener: opener exited with code 3'] });
  });

  it('never resolves a program from the folder itself or a relative PATH entry', async () => {
    expect(await findProgram('planted', { PATH: `.:${folder.replace(tmp.path, '.')}:` }, 'linux')).toBeNull();
    expect(await findProgram('./planted', { PATH: bin }, 'linux')).toBeNull();
    expect(await findProgram(join(bin, 'fake-editor'), {}, 'linux')).toBe(join(bin, 'fake-editor'));
    expect(await findProgram('fake-editor', { PATH: `relative:${bin}` }, 'linux')).toBe(join(bin, 'fake-editor'));
    expect(childEnv({ PATH: '/bin', ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' })).toEqual({ PATH: '/bin' });
  });
});
