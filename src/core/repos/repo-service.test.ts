// RepoService: `~` paths name the core's home folder.
import { afterEach, describe, expect, it } from 'vitest';
import { realpath } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { GitRunner } from '../git/git-runner';
import { ReposRepo } from '../store/repos-repo';
import { closeDatabase, openDatabase } from '../store/database';
import { tempDbFile } from '../store/test-fixtures';
import { makeTempRepo, type TempDir } from '../../../test/helpers/git-fixtures';
import { RepoService, expandHome } from './repo-service';

describe('expandHome', () => {
  it('reads ~ and ~/… as the home folder and keeps every other path', () => {
    expect(expandHome('~', '/home/ada')).toBe('/home/ada');
    expect(expandHome('~/src/app', '/home/ada')).toBe('/home/ada/src/app');
    expect(expandHome('/srv/app', '/home/ada')).toBe('/srv/app');
    expect(expandHome('~ada/app', '/home/ada')).toBe('~ada/app');
  });
});

describe('RepoService.open', () => {
  const temps: TempDir[] = [];
  afterEach(async () => {
    for (const t of temps.splice(0)) await t.cleanup();
  });

  it('opens ~/<folder> in the home folder of the core', async () => {
    const repo = await makeTempRepo({ files: { 'README.md': '# home\n' } });
    temps.push(repo);
    const tmp = tempDbFile();
    const db = await openDatabase(tmp.file);
    try {
      const service = new RepoService({ git: new GitRunner(), repos: new ReposRepo(db), now: () => 1, home: dirname(repo.path) });
      const opened = await service.open(`~/${basename(repo.path)}`);
      expect(opened.path).toBe(await realpath(repo.path));
    } finally {
      closeDatabase(db);
      tmp.cleanup();
    }
  });
});
