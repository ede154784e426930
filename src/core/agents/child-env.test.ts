import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PtyHost } from '../terminals/pty-host';
import { collect, within } from '../terminals/pty-test-support';
import { buildChildEnv } from './child-env';

const SECRETS = {
  OPENAI_API_KEY: 'sk-test-secret',
  ANTHROPIC_API_KEY: 'sk-ant-secret',
  AWS_SECRET_ACCESS_KEY: 'aws-secret',
  AWS_ACCESS_KEY_ID: 'AKIA-test',
  GITHUB_TOKEN: 'ghp_secret',
  NPM_TOKEN: 'npm-secret',
  DB_PASSWORD: 'hunter2',
  NODE_OPTIONS: '--require /nonexistent/inject.js',
  ELECTRON_RUN_AS_NODE: '1',
  npm_config_registry: 'https://registry.example',
  npm_lifecycle_event: 'test',
  SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
  HTTPS_PROXY: 'http://user:pass@proxy:3128',
  TERM: 'dumb',
};

const base: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: '/home/ada',
  USER: 'ada',
  LOGNAME: 'ada',
  SHELL: '/bin/bash',
  LANG: 'en_GB.UTF-8',
  LC_ALL: 'en_GB.UTF-8',
  LC_MESSAGES: 'C',
  TZ: 'Europe/London',
  TMPDIR: '/tmp',
  EDITOR: 'vim',
  XDG_CONFIG_HOME: '/home/ada/.config',
  DISPLAY: ':0',
  UNSET_ONE: undefined,
  ...SECRETS,
};

describe('buildChildEnv', () => {
  it('keeps only the allowlisted variables, then the terminal and git settings, then the extras', () => {
    const env = buildChildEnv(base, { SWITCHYARD_RUN_ID: 'run-1', SWITCHYARD_WORKTREE: '/wt/run-1' });
    expect(env).toEqual({
      PATH: process.env.PATH,
      HOME: '/home/ada',
      USER: 'ada',
      LOGNAME: 'ada',
      SHELL: '/bin/bash',
      LANG: 'en_GB.UTF-8',
      LC_ALL: 'en_GB.UTF-8',
      LC_MESSAGES: 'C',
      TZ: 'Europe/London',
      TMPDIR: '/tmp',
      EDITOR: 'vim',
      XDG_CONFIG_HOME: '/home/ada/.config',
      DISPLAY: ':0',
      TERM: 'xterm-256color',
      COLORTERM: 'truecolor',
      GIT_OPTIONAL_LOCKS: '0',
      SWITCHYARD_RUN_ID: 'run-1',
      SWITCHYARD_WORKTREE: '/wt/run-1',
    });
  });

  it('lets an extra override anything, which is how one agent gets its own key', () => {
    const env = buildChildEnv(base, { OPENAI_API_KEY: 'sk-for-this-agent', TERM: 'xterm' });
    expect(env.OPENAI_API_KEY).toBe('sk-for-this-agent');
    expect(env.TERM).toBe('xterm');
  });

  it('drops a secret-looking LC_ variable', () => {
    expect(buildChildEnv({ LC_API_KEY: 'x', LC_CTYPE: 'C.UTF-8' }, {})).not.toHaveProperty('LC_API_KEY');
  });
});

describe('the environment a real PTY child sees', () => {
  let host: PtyHost;
  let dir: string;
  beforeEach(async () => {
    host = new PtyHost();
    dir = await mkdtemp(path.join(tmpdir(), 'switchyard-env-'));
  });
  afterEach(async () => {
    await host.disposeAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('has no API keys, tokens or injected node options even when the app has them', async () => {
    const env = buildChildEnv({ ...process.env, ...SECRETS }, { SWITCHYARD_RUN_ID: 'run-1' });
    const script = 'console.log(JSON.stringify(process.env))';
    const session = await host.spawn({ file: process.execPath, args: ['-e', script], cwd: dir, env, cols: 4000, rows: 24 });
    const out = collect(session);
    expect(await within(out.exited, 10_000, 'exit')).toEqual({ exitCode: 0, signal: null });
    const seen = JSON.parse(out.text.trim()) as Record<string, string>;
    for (const name of Object.keys(SECRETS).filter((n) => n !== 'TERM')) expect(seen).not.toHaveProperty(name);
    expect(seen).toMatchObject({ TERM: 'xterm-256color', COLORTERM: 'truecolor', SWITCHYARD_RUN_ID: 'run-1' });
    expect(Object.values(seen).join('\n')).not.toMatch(/secret|hunter2|ghp_/);
  });
});
