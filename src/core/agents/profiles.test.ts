import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../shared/contract/profiles';
import { ProfileId } from '../../shared/ids';
import { PtyHost } from '../terminals/pty-host';
import { collect, testChildEnv, within } from '../terminals/pty-test-support';
import { BUILT_IN_PROFILES, buildLaunch } from './profiles';

const shellProfile = BUILT_IN_PROFILES.find((p) => p.id === 'shell') as Profile;
const ctx = (baseEnv: NodeJS.ProcessEnv, prompt = 'do it') => ({
  prompt,
  worktreePath: '/wt/run-1',
  baseEnv: { PATH: '/usr/bin:/bin', ...baseEnv },
  runEnv: { SWITCHYARD_RUN_ID: 'run-1' },
});

describe('BUILT_IN_PROFILES', () => {
  it('holds the Shell profile', () => {
    expect(BUILT_IN_PROFILES).toEqual([{ id: 'shell', name: 'Shell', kind: 'shell', argv: [], builtIn: true, cliId: null, builtin: null }]);
  });
});

describe('buildLaunch', () => {
  it("starts the user's $SHELL as an interactive shell in the worktree", async () => {
    const launch = await buildLaunch(shellProfile, ctx({ SHELL: '/bin/sh', GITHUB_TOKEN: 'x' }));
    expect(launch).toMatchObject({ file: '/bin/sh', args: ['-i'], cwd: '/wt/run-1' });
    expect(launch.env).toMatchObject({ SWITCHYARD_RUN_ID: 'run-1', TERM: 'xterm-256color', SHELL: '/bin/sh' });
    expect(launch.env).not.toHaveProperty('GITHUB_TOKEN');
  });

  it.each([undefined, '', 'zsh', '/nonexistent/bin/zsh'])('falls back to /bin/bash when $SHELL is %j', async (shell) => {
    expect((await buildLaunch(shellProfile, ctx({ SHELL: shell }))).file).toBe('/bin/bash');
  });

  it('fills {prompt} into a command template, its first word being the file', async () => {
    const profile: Profile = { id: ProfileId.parse('codex'), name: 'Codex', kind: 'command', argv: ['codex', 'exec', '--msg={prompt}'], builtIn: false, cliId: null, builtin: null };
    expect(await buildLaunch(profile, ctx({}, 'fix "it"\nnow'))).toMatchObject({ file: 'codex', args: ['exec', '--msg=fix "it"\nnow'], cwd: '/wt/run-1' });
  });

  it('refuses a command template without a command', async () => {
    const empty: Profile = { id: ProfileId.parse('empty'), name: 'Empty', kind: 'command', argv: [], builtIn: false, cliId: null, builtin: null };
    await expect(buildLaunch(empty, ctx({}))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(buildLaunch({ ...empty, argv: ['{prompt}'] }, ctx({}, ''))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('the Shell profile in a real PTY', () => {
  let host: PtyHost;
  let dir: string;
  beforeEach(async () => {
    host = new PtyHost();
    dir = await realpath(await mkdtemp(path.join(tmpdir(), 'switchyard-shell-')));
  });
  afterEach(async () => {
    await host.disposeAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs an interactive shell in the worktree with the run variables', async () => {
    const launch = await buildLaunch(shellProfile, { prompt: '', worktreePath: dir, baseEnv: { ...testChildEnv(), SHELL: '/bin/bash' }, runEnv: { SWITCHYARD_RUN_ID: 'run-42' } });
    const session = await host.spawn({ ...launch, cols: 120, rows: 30 });
    const out = collect(session);
    session.write('printf "cwd=%s run=%s\\n" "$PWD" "$SWITCHYARD_RUN_ID"; exit 7\r');
    expect(await within(out.exited, 15_000, 'shell exit')).toEqual({ exitCode: 7, signal: null });
    expect(out.text).toContain(`cwd=${dir} run=run-42`);
  });
});
