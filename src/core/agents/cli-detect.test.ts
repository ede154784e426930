import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isPidAlive } from '../terminals/pty-test-support';
import { CLI_CATALOG, cliDefinition, type CliDefinition, type CliId } from './cli-catalog';
import { clearCliDetectionCache, DETECTION_CACHE_MS, detectCli, detectClis, parseVersion } from './cli-detect';

const run = promisify(execFile);

/** A catalog entry whose binary is one of our stand-in scripts. */
const standIn = (binary: string, id: CliId = 'codex'): CliDefinition => ({ ...cliDefinition(id), binary });

describe('detecting installed CLIs with stand-in scripts on a temporary PATH', () => {
  let bin: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    bin = await mkdtemp(path.join(tmpdir(), 'switchyard-detect-'));
    const script = async (name: string, body: string, mode = 0o755) => {
      await writeFile(path.join(bin, name), `#!/bin/sh\n${body}\n`);
      await chmod(path.join(bin, name), mode);
    };
    await script('fake-ok', 'echo "$(dirname "$0")" >> "$(dirname "$0")/ok.count"; echo "fake-cli 1.2.3 (build abc)"');
    await script('fake-stderr', 'echo "v0.61.0-nightly.20261121" >&2');
    await script('fake-noversion', 'echo "Fake CLI, development build"');
    await script('fake-hang', 'echo $$ > "$(dirname "$0")/hang.pid"; sleep 60.4242; echo never');
    await script('fake-fails', 'echo "boom" >&2; exit 3');
    await script('fake-noexec', 'echo 1.0.0', 0o644);
    env = { PATH: `${bin}:/usr/bin:/bin`, HOME: tmpdir(), OPENAI_API_KEY: 'sk-must-not-leak' };
  });

  afterAll(async () => {
    await rm(bin, { recursive: true, force: true });
  });

  beforeEach(() => clearCliDetectionCache());

  it('finds a CLI on PATH and reads its version', async () => {
    const found = await detectCli(standIn('fake-ok'), { env });
    expect(found).toMatchObject({
      id: 'codex',
      name: 'Codex CLI',
      available: true,
      path: path.join(bin, 'fake-ok'),
      version: '1.2.3',
      versionOutput: 'fake-cli 1.2.3 (build abc)',
      installHint: 'npm i -g @openai/codex',
    });
  });

  it('reads a version printed on stderr, with a pre-release tag', async () => {
    expect(await detectCli(standIn('fake-stderr'), { env })).toMatchObject({ available: true, version: '0.61.0-nightly.20261121' });
  });

  it('reports an installed CLI whose output has no version number, with version null', async () => {
    expect(await detectCli(standIn('fake-noversion'), { env })).toMatchObject({ available: true, version: null });
  });

  it('reports a missing CLI as unavailable with how to install it', async () => {
    const missing = await detectCli(standIn('fake-missing', 'gemini'), { env });
    expect(missing).toMatchObject({ id: 'gemini', available: false, reason: 'not-found', installHint: 'npm i -g @google/gemini-cli' });
    expect(missing.available ? '' : missing.message).toContain('npm i -g @google/gemini-cli');
  });

  it('treats a file without the execute bit as missing', async () => {
    expect(await detectCli(standIn('fake-noexec'), { env })).toMatchObject({ available: false, reason: 'not-found' });
  });

  it('gives up on a hanging --version after the timeout and kills its whole process group', async () => {
    const started = Date.now();
    const hung = await detectCli(standIn('fake-hang'), { env, timeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(hung).toMatchObject({ available: false, reason: 'timeout', path: path.join(bin, 'fake-hang') });
    const pid = Number((await readFile(path.join(bin, 'hang.pid'), 'utf8')).trim());
    await new Promise((r) => setTimeout(r, 200));
    expect(await isPidAlive(pid)).toBe(false);
    const { stdout } = await run('ps', ['-eo', 'args']).catch(() => ({ stdout: '' }));
    expect(stdout).not.toContain('sleep 60.4242');
  });

  it('reports a failing --version', async () => {
    expect(await detectCli(standIn('fake-fails'), { env })).toMatchObject({ available: false, reason: 'failed' });
  });

  it('never passes API keys to the probed program', async () => {
    await writeFile(path.join(bin, 'fake-env'), '#!/bin/sh\necho "9.9.9 key=${OPENAI_API_KEY:-none} color=$NO_COLOR"\n');
    await chmod(path.join(bin, 'fake-env'), 0o755);
    expect(await detectCli(standIn('fake-env'), { env })).toMatchObject({ versionOutput: '9.9.9 key=none color=1' });
  });

  it('caches results for a while, shares a probe between callers, and re-probes on force or expiry', async () => {
    const count = async () => (await readFile(path.join(bin, 'ok.count'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    const before = await count();
    let now = 1_000_000;
    const clock = () => now;
    const [a, b] = await Promise.all([detectCli(standIn('fake-ok'), { env, now: clock }), detectCli(standIn('fake-ok'), { env, now: clock })]);
    expect(a).toBe(b);
    await detectCli(standIn('fake-ok'), { env, now: clock });
    expect(await count()).toBe(before + 1);
    await detectCli(standIn('fake-ok'), { env, now: clock, force: true });
    expect(await count()).toBe(before + 2);
    now += DETECTION_CACHE_MS + 1;
    await detectCli(standIn('fake-ok'), { env, now: clock });
    expect(await count()).toBe(before + 3);
    // A different PATH is a different cache entry.
    await detectCli(standIn('fake-ok'), { env: { ...env, PATH: `${bin}:/bin` }, now: clock });
    expect(await count()).toBe(before + 4);
  });

  it('detects the whole catalog in order', async () => {
    const all = await detectClis(CLI_CATALOG, { env: { PATH: bin } });
    expect(all.map((d) => d.id)).toEqual(CLI_CATALOG.map((d) => d.id));
    expect(all.every((d) => !d.available && d.reason === 'not-found')).toBe(true);
  });
});

describe('parseVersion', () => {
  it.each<[string, string | null]>([
    ['codex-cli 0.169.0', '0.169.0'],
    ['2.1.329 (Claude Code)', '2.1.329'],
    ['GitHub Copilot CLI 1.0.102.\nRun \'copilot update\' to check for updates.', '1.0.102'],
    ['0.61.0', '0.61.0'],
    ['aider 0.86.1', '0.86.1'],
    ['v1.18.33', '1.18.33'],
    ['qwen 0.24.4-preview.1+build.7', '0.24.4-preview.1+build.7'],
    ['x86_64 build, version 3.2', '3.2'],
    ['no version here', null],
  ])('%j → %j', (output, expected) => {
    expect(parseVersion(output)).toBe(expected);
  });
});
