import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempRepo, runGit, type TempDir } from '../../../test/helpers/git-fixtures';
import { isValidBranchName, runBranchName, slugify } from './branch-names';
import { GitRunner } from './git-runner';

describe('slugify', () => {
  it('joins lowercase ASCII words with dashes', () => {
    expect(slugify('Fix the Login bug!')).toBe('fix-the-login-bug');
    expect(slugify('  add   OAuth2 (GitHub) support... ')).toBe('add-oauth2-github-support');
  });

  it('transliterates accented letters and drops other scripts', () => {
    expect(slugify('Crème brûlée für Straße')).toBe('creme-brulee-fur-strasse');
    expect(slugify('Ærø Łódź')).toBe('aero-lodz');
    expect(slugify('修复 login 🐛 bug')).toBe('login-bug');
  });

  it('never returns an empty slug', () => {
    expect(slugify('')).toBe('run');
    expect(slugify('日本語のみ')).toBe('run');
    expect(slugify('!!! ??? ---')).toBe('run');
  });

  it('stays within maxLength, cutting at a word boundary', () => {
    const slug = slugify('refactor the payment service to use the new ledger api', 32);
    expect(slug).toBe('refactor-the-payment-service-to');
    expect(slug.length).toBeLessThanOrEqual(32);
    expect(slugify('supercalifragilisticexpialidocious', 10)).toBe('supercalif');
    expect(slugify('a b c', 3)).toBe('a-b');
  });
});

describe('runBranchName', () => {
  it('namespaces the branch under switchyard/ with the short id and slug', () => {
    expect(runBranchName('a1b2c3d4', 'Fix the Login bug')).toBe('switchyard/a1b2c3d4-fix-the-login-bug');
  });

  it('refuses a short id that cannot be part of a branch name', () => {
    expect(() => runBranchName('../x', 'p')).toThrow(/cannot be part of a branch name/);
  });
});

describe('isValidBranchName', () => {
  const git = new GitRunner();
  let repo: TempDir;
  beforeAll(async () => {
    repo = await makeTempRepo();
    await runGit(repo.path, ['checkout', '-q', '-b', 'other']);
    await runGit(repo.path, ['checkout', '-q', 'main']);
  });
  afterAll(() => repo.cleanup());

  it('accepts names git accepts', async () => {
    for (const name of ['main', 'switchyard/abc-fix', 'feat/ré-1', runBranchName('deadbeef', 'Crème!')]) {
      expect(await isValidBranchName(git, repo.path, name), name).toBe(true);
    }
  });

  it('rejects names git rejects, option-like names and previous-branch syntax', async () => {
    for (const name of ['', 'a..b', 'a b', 'x.lock', 'end/', '-rf', 'HEAD', '@{-1}', 'a~1', 'a^', 'a:b', 'a\\b', 'a\0b']) {
      expect(await isValidBranchName(git, repo.path, name), JSON.stringify(name)).toBe(false);
    }
  });
});
