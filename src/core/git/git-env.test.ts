import { describe, expect, it } from 'vitest';
import { buildGitEnv } from './git-env';

describe('buildGitEnv', () => {
  it('keeps what git needs, drops secrets and variables that point git elsewhere, then adds the command\'s own', () => {
    const env = buildGitEnv(
      {
        PATH: '/bin',
        HOME: '/home/u',
        LC_MESSAGES: 'C',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_COMMITTER_EMAIL: 'a@b.invalid',
        OPENAI_API_KEY: 'sk-1',
        AWS_SECRET_ACCESS_KEY: 'aws',
        GITHUB_TOKEN: 'ghp',
        HTTPS_PROXY: 'http://u:pw@proxy',
        NODE_OPTIONS: '--require x',
        GIT_DIR: '/other/.git',
        GIT_WORK_TREE: '/other',
        GIT_ASKPASS: '/bin/askpass',
        UNSET: undefined,
      },
      { GIT_INDEX_FILE: '/tmp/index' },
      { LC_ALL: 'C' },
    );
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/home/u',
      LC_MESSAGES: 'C',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_COMMITTER_EMAIL: 'a@b.invalid',
      GIT_INDEX_FILE: '/tmp/index',
      LC_ALL: 'C',
    });
  });
});
