import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { commitAll, makeTempRepo, runGit, writeFiles, type TempDir } from '../../../test/helpers/git-fixtures';
import { GitRunner } from '../git/git-runner';
import { EMPTY_CONFIG, loadSwitchyardConfig, parseSwitchyardConfig } from './switchyard-config';
import { failure } from '../../../test/helpers/rejection';

const errorOf = (text: string): string => {
  try {
    parseSwitchyardConfig(text);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_INPUT');
    return (err as AppError).message;
  }
  throw new Error('expected an error');
};

describe('parseSwitchyardConfig', () => {
  it('reads a full config, applying the default and per-check time limits in written order', () => {
    const config = parseSwitchyardConfig(JSON.stringify({
      setup: ['npm ci'],
      checks: { test: 'npm test && npm run e2e', lint: 'npm run lint', build: { command: 'npm run build', timeoutSeconds: 900 } },
      teardown: ['docker compose down'],
      env: { NODE_ENV: 'test' },
      timeoutSeconds: 120,
    }));
    expect(config).toEqual({
      setup: [{ command: 'npm ci', timeoutMs: 120_000 }],
      checks: [
        { name: 'test', command: 'npm test && npm run e2e', timeoutMs: 120_000 },
        { name: 'lint', command: 'npm run lint', timeoutMs: 120_000 },
        { name: 'build', command: 'npm run build', timeoutMs: 900_000 },
      ],
      teardown: [{ command: 'docker compose down', timeoutMs: 120_000 }],
      env: { NODE_ENV: 'test' },
    });
  });

  it('accepts an empty object, with the 600 s default', () => {
    expect(parseSwitchyardConfig('{}')).toEqual(EMPTY_CONFIG);
    expect(parseSwitchyardConfig('{"checks":{"t":"x"}}').checks[0]?.timeoutMs).toBe(600_000);
  });

  it('names the field of every mistake', () => {
    expect(errorOf('{"checks": {"test": ""}}')).toBe('.switchyard.json: "checks.test" must not be empty.');
    expect(errorOf('{"check": {"test": "npm test"}}')).toBe('.switchyard.json: the file has unknown field check.');
    expect(errorOf('{"setup": ["npm ci", 3]}')).toMatch(/^\.switchyard\.json: "setup\[1\]" /);
    expect(errorOf('{"timeoutSeconds": 1.5}')).toBe('.switchyard.json: "timeoutSeconds" must be a whole number of seconds.');
    expect(errorOf('{"timeoutSeconds": 0}')).toBe('.switchyard.json: "timeoutSeconds" must be at least 1.');
    expect(errorOf('{"env": {"SWITCHYARD_PORT": "1"}}')).toBe('.switchyard.json: "env.SWITCHYARD_PORT" SWITCHYARD_* variables are set by Switchyard itself.');
    expect(errorOf('{"env": {"1BAD": "x"}}')).toMatch(/^\.switchyard\.json: "env\.1BAD" variable names are/);
    expect(errorOf('{"checks": {"-x": "y"}}')).toMatch(/^\.switchyard\.json: "checks\.-x" check names are/);
    expect(errorOf('{"checks": {"b": {"command": "x", "timeout": 5}}}')).toMatch(/"checks\.b"/);
    expect(errorOf('{"checks": {')).toMatch(/^\.switchyard\.json is not valid JSON: /);
    expect(errorOf('["npm test"]')).toBe('.switchyard.json must hold a JSON object such as {"checks": {"test": "npm test"}}.');
  });
});

describe('loadSwitchyardConfig', () => {
  const git = new GitRunner();
  let repo: TempDir | null = null;
  afterEach(async () => {
    await repo?.cleanup();
    repo = null;
  });

  it('reads the file from the given commit, not from the working tree', async () => {
    repo = await makeTempRepo({ files: { '.switchyard.json': '{"checks": {"test": "npm test"}}' } });
    const commit = (await runGit(repo.path, ['rev-parse', 'HEAD'])).trim();
    await writeFiles(repo.path, { '.switchyard.json': '{"checks": {"test": "rm -rf /"}}' });
    const config = await loadSwitchyardConfig(git, { repoPath: repo.path, commit });
    expect(config.checks).toEqual([{ name: 'test', command: 'npm test', timeoutMs: 600_000 }]);
  });

  it('is empty without a file, and names the commit when the file is bad', async () => {
    repo = await makeTempRepo();
    const bare = (await runGit(repo.path, ['rev-parse', 'HEAD'])).trim();
    expect(await loadSwitchyardConfig(git, { repoPath: repo.path, commit: bare })).toEqual(EMPTY_CONFIG);
    await writeFiles(repo.path, { '.switchyard.json': '{"checks": []}' });
    const bad = await commitAll(repo.path, 'bad config');
    const err = await failure<AppError>(loadSwitchyardConfig(git, { repoPath: repo.path, commit: bad }));
    expect(err.message).toMatch(new RegExp(`^\\.switchyard\\.json at ${bad.slice(0, 7)}: "checks" `));
  });
});
