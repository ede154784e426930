// Every call that takes a path, tried with ways out of a run's worktree: `..` escapes, absolute paths
// (outside, and even inside: the contract speaks repository-relative paths), symbolic links inside the
// worktree that lead outside or into .git, nested `.git` folders and case variants of `.git`. Covered:
// review.filePatch (path, oldPath), review.markViewed, compare.fileVersions, compare.diffBetween,
// threads.compose picks, repos.open (a relative path, .git internals), and the built-in agent's tools
// (read_file, write_file, list_files, search_files, apply_patch). Each escape is refused with a typed
// error or a tool refusal, the secret outside never appears in an answer, and nothing is written.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorktreeToolHost, type WorktreeToolHost } from '../../src/core/loop/tools/tool-host';
import type { Run } from '../../src/shared/contract';
import { RpcError } from '../../src/shared/rpc/client';
import { isFinished, startCore, waitForRuns, type CoreHarness } from '../helpers/core-harness';
import { makeTempDir, makeTempRepo, runGit, type TempDir } from '../helpers/git-fixtures';

const SECRET = `TOP-SECRET-${randomUUID()}`;

/** The stand-in agent: plants links out of its worktree and a nested .git folder holding the secret. */
const AGENT = `import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
const [outside, gitDir, secret] = process.argv.slice(2);
symlinkSync(outside, 'out');
symlinkSync(outside + '/secret.txt', 'secret-link');
symlinkSync(gitDir, 'gitdir-link');
symlinkSync(outside + '/not-there-yet.txt', 'dangling');
mkdirSync('vendor/lib/.git', { recursive: true });
writeFileSync('vendor/lib/.git/config', '[core]\\n\\tsecret = ' + secret + '\\n');
writeFileSync('changed.txt', 'changed by ' + process.env.SWITCHYARD_RUN_ID + '\\n');
`;

const tally = { attempted: 0, refused: 0 };

async function codeOf(p: Promise<unknown>): Promise<{ code: string; text: string }> {
  try {
    const out = await p;
    return { code: 'OK', text: JSON.stringify(out) };
  } catch (err) {
    if (!(err instanceof RpcError)) throw err;
    return { code: err.code, text: err.message };
  }
}

describe('contract calls that take a path', () => {
  let h: CoreHarness;
  let repo: TempDir;
  let outside: TempDir;
  let scratch: TempDir;
  let runs: Run[];
  let threadId: string;

  /** Escapes tried on every path parameter, each with what it tries. */
  let escapes: Array<[string, string]>;

  beforeAll(async () => {
    outside = await makeTempDir('switchyard-outside-');
    await writeFile(join(outside.path, 'secret.txt'), `${SECRET}\n`);
    repo = await makeTempRepo({ files: { 'README.md': '# paths\n' } });
    await runGit(repo.path, ['config', 'core.secret', SECRET]);
    scratch = await makeTempDir('switchyard-agent-');
    await writeFile(join(scratch.path, 'agent.mjs'), AGENT);
    h = await startCore();
    const opened = await h.client.call('repos.open', { path: repo.path });
    const profile = await h.client.call('profiles.saveCommand', {
      name: 'Planter',
      commandLine: `node "${join(scratch.path, 'agent.mjs')}" "${outside.path}" "${join(repo.path, '.git')}" "${SECRET}"`,
    });
    const created = await h.client.call('threads.create', { repoId: opened.id, prompt: 'plant links', baseBranch: 'main', agents: [{ profileId: profile.id, count: 2 }] });
    threadId = created.thread.id;
    runs = await waitForRuns(h.client, threadId, (r) => isFinished(r) && r.diff !== null, 60_000);
    for (const run of runs) expect(run.status, run.failure ?? '').toBe('exited');
    const [a, b] = runs as [Run, Run];
    escapes = [
      ['.. to the folder above', '../changed.txt'],
      ['.. into the other run', `../${relative(join(a.worktreePath, '..'), b.worktreePath)}/changed.txt`],
      ['.. after a folder', 'src/../../../etc/passwd'],
      ['.. with backslashes', '..\\..\\etc\\passwd'],
      ['an absolute path outside', join(outside.path, 'secret.txt')],
      ['/etc/passwd', '/etc/passwd'],
      ['an absolute path inside the worktree', join(a.worktreePath, 'changed.txt')],
      ['a symlinked folder leading outside', 'out/secret.txt'],
      ['a symlinked folder leading into the repository .git', 'gitdir-link/config'],
      ['.git itself', '.git'],
      ['the worktree .git file', '.git/'],
      ['.git internals', '.git/config'],
      ['.GIT in capitals', '.GIT/config'],
      ['.git with a trailing dot', '.git./config'],
      ['a nested .git folder', 'vendor/lib/.git/config'],
      ['a nested .git folder in capitals', 'vendor/lib/.Git/config'],
    ];
  }, 120_000);

  afterAll(async () => {
    await h?.cleanup();
    await repo?.cleanup();
    await outside?.cleanup();
    await scratch?.cleanup();
    console.log(`path escapes over the contract: ${tally.attempted} attempted, ${tally.refused} refused`);
  });

  /** Tries each escape with `call`; every one must be INVALID_INPUT and never show the secret. */
  async function expectRefused(what: string, call: (path: string) => Promise<unknown>): Promise<void> {
    const leaks: string[] = [];
    for (const [how, path] of escapes) {
      const { code, text } = await codeOf(call(path));
      tally.attempted++;
      if (code === 'INVALID_INPUT') tally.refused++;
      else leaks.push(`${how} (${path}): ${code} ${text.slice(0, 200)}`);
      if (text.includes(SECRET)) leaks.push(`${how} (${path}): the secret came back`);
    }
    expect(leaks, what).toEqual([]);
  }

  it('review.filePatch: path and oldPath', async () => {
    const runId = runs[0]!.id;
    expect((await h.client.call('review.filePatch', { runId, path: 'changed.txt' })).patch).toContain('changed by');
    await expectRefused('filePatch path', (path) => h.client.call('review.filePatch', { runId, path }));
    await expectRefused('filePatch oldPath', (path) => h.client.call('review.filePatch', { runId, path: 'changed.txt', oldPath: path }));
  });

  it('review.markViewed, and no mark is stored for a refused path', async () => {
    const runId = runs[0]!.id;
    await h.client.call('review.markViewed', { runId, path: 'changed.txt', viewed: true });
    await expectRefused('markViewed', (path) => h.client.call('review.markViewed', { runId, path, viewed: true }));
    const viewed = (await h.client.call('review.runDiff', { runId })).files.filter((f) => f.viewed).map((f) => f.path);
    expect(viewed).toEqual(['changed.txt']);
  });

  it('compare.fileVersions and compare.diffBetween', async () => {
    const [a, b] = runs as [Run, Run];
    const versions = await h.client.call('compare.fileVersions', { threadId, path: 'changed.txt', runIds: [a.id, b.id] });
    expect(versions.runs[a.id]?.content).toContain(`changed by ${a.id}`);
    await expectRefused('fileVersions', (path) => h.client.call('compare.fileVersions', { threadId, path, runIds: [a.id, b.id] }));
    expect((await h.client.call('compare.diffBetween', { runA: a.id, runB: b.id, path: 'changed.txt' })).identical).toBe(false);
    await expectRefused('diffBetween', (path) => h.client.call('compare.diffBetween', { runA: a.id, runB: b.id, path }));
  });

  it('a link to a file outside is read as a link (its target), never followed', async () => {
    const [a, b] = runs as [Run, Run];
    const versions = await h.client.call('compare.fileVersions', { threadId, path: 'secret-link', runIds: [a.id, b.id] });
    expect(versions.runs[a.id]).toMatchObject({ exists: true, kind: 'symlink', content: join(outside.path, 'secret.txt') });
    const patch = await h.client.call('review.filePatch', { runId: a.id, path: 'secret-link' });
    expect(JSON.stringify(patch)).not.toContain(SECRET);
    expect(JSON.stringify(await h.client.call('compare.diffBetween', { runA: a.id, runB: b.id, path: 'secret-link' }))).not.toContain(SECRET);
  });

  it('threads.compose picks: refused, and no run, branch or worktree is created', async () => {
    const [a] = runs as [Run];
    const refsBefore = await runGit(repo.path, ['for-each-ref', '--format=%(refname)']);
    const runsBefore = (await h.client.call('threads.get', { threadId })).runs.length;
    await expectRefused('compose', (path) => h.client.call('threads.compose', { threadId, picks: [{ path, fromRunId: a.id }] }));
    expect(await runGit(repo.path, ['for-each-ref', '--format=%(refname)'])).toBe(refsBefore);
    expect((await h.client.call('threads.get', { threadId })).runs.length).toBe(runsBefore);
    // The link itself may be composed: the commit holds the link, not what it points to.
    const composed = await h.client.call('threads.compose', { threadId, picks: [{ path: 'secret-link', fromRunId: a.id }] });
    const tree = await runGit(repo.path, ['ls-tree', '-r', composed.branch]);
    expect(tree).toMatch(/^120000 blob \w+\tsecret-link$/m);
    expect(await runGit(repo.path, ['show', `${composed.branch}:secret-link`])).toBe(join(outside.path, 'secret.txt'));
  });

  it('repos.open: a relative path and .git internals are refused', async () => {
    const relativeTries = ['.', '..', '../repo', 'repo', './repo', '~repo', '~user/repo'];
    for (const path of relativeTries) {
      tally.attempted++;
      const { code } = await codeOf(h.client.call('repos.open', { path }));
      expect(code, path).toBe('INVALID_INPUT');
      tally.refused++;
    }
    const linkToGit = join(scratch.path, 'link-to-git');
    await symlink(join(repo.path, '.git'), linkToGit);
    for (const path of [join(repo.path, '.git'), join(repo.path, '.git', 'refs'), join(repo.path, '.git', 'objects'), linkToGit]) {
      tally.attempted++;
      const { code } = await codeOf(h.client.call('repos.open', { path }));
      expect(code, path).toBe('NOT_A_GIT_REPO');
      tally.refused++;
    }
    expect((await h.client.call('repos.listRecent', {})).map((r) => r.path)).toEqual([repo.path]);
  });
});

describe('the built-in agent\'s tools', () => {
  let repo: TempDir;
  let worktree: string;
  let outside: TempDir;
  let host: WorktreeToolHost;
  const tools = { attempted: 0, refused: 0 };

  beforeAll(async () => {
    outside = await makeTempDir('switchyard-outside-');
    await writeFile(join(outside.path, 'secret.txt'), `${SECRET}\n`);
    repo = await makeTempRepo({ files: { 'README.md': '# tools\n', 'src/app.txt': 'one\n' } });
    worktree = join(repo.path, '..', 'wt');
    await runGit(repo.path, ['worktree', 'add', '-q', '-b', 'run', worktree]);
    await symlink(outside.path, join(worktree, 'out'));
    await symlink(join(repo.path, '.git'), join(worktree, 'gitdir-link'));
    await symlink(join(outside.path, 'created-through-link.txt'), join(worktree, 'dangling'));
    await mkdir(join(worktree, 'vendor/lib/.git'), { recursive: true });
    await writeFile(join(worktree, 'vendor/lib/.git/config'), `secret = ${SECRET}\n`);
    host = await createWorktreeToolHost({ worktree, baseEnv: process.env, approval: 'auto', sandbox: null });
  });
  afterAll(async () => {
    await repo?.cleanup();
    await outside?.cleanup();
    console.log(`path escapes through the built-in agent's tools: ${tools.attempted} attempted, ${tools.refused} refused`);
  });

  const ESCAPES = (): string[] => [
    '../README.md',
    '../repo/.git/config',
    'src/../../repo/README.md',
    join(outside.path, 'secret.txt'),
    '/etc/passwd',
    'out/secret.txt',
    'out',
    'gitdir-link/config',
    '.git',
    '.git/config',
    '.GIT/config',
    '.git./config',
    'vendor/lib/.git/config',
    'vendor/lib/.GIT',
  ];

  async function run(name: string, args: unknown): Promise<{ output: string; isError: boolean }> {
    return host.execute({ callId: randomUUID(), name, arguments: JSON.stringify(args) }, { signal: new AbortController().signal, output: () => {} });
  }

  async function expectToolRefuses(name: string, argsOf: (path: string) => unknown): Promise<void> {
    const leaks: string[] = [];
    for (const path of ESCAPES()) {
      const outcome = await run(name, argsOf(path));
      tools.attempted++;
      if (outcome.isError) tools.refused++;
      else leaks.push(`${name} ${path}: ${outcome.output.slice(0, 200)}`);
      if (outcome.output.includes(SECRET)) leaks.push(`${name} ${path}: the secret came back`);
    }
    expect(leaks).toEqual([]);
  }

  it('read_file, list_files and search_files refuse every way out', async () => {
    expect((await run('read_file', { path: 'README.md' })).output).toContain('# tools');
    await expectToolRefuses('read_file', (path) => ({ path }));
    await expectToolRefuses('list_files', (path) => ({ path }));
    await expectToolRefuses('search_files', (path) => ({ pattern: 'SECRET', path }));
    // Searching everything never descends into links or .git folders either.
    const all = await run('search_files', { pattern: SECRET });
    expect(all.output).not.toContain(SECRET.slice(-12));
  });

  it('write_file refuses every way out (and a dangling link), writing nothing outside', async () => {
    const before = await readdir(outside.path);
    const gitConfig = await readFile(join(repo.path, '.git', 'config'), 'utf8');
    await expectToolRefuses('write_file', (path) => ({ path, content: 'pwned\n' }));
    const dangling = await run('write_file', { path: 'dangling', content: 'pwned\n' });
    tools.attempted++;
    expect(dangling.isError).toBe(true);
    tools.refused++;
    expect(await readdir(outside.path)).toEqual(before);
    expect(await readFile(join(outside.path, 'secret.txt'), 'utf8')).toBe(`${SECRET}\n`);
    expect(await readFile(join(repo.path, '.git', 'config'), 'utf8')).toBe(gitConfig);
    expect(existsSync(join(repo.path, '..', 'README.md'))).toBe(false);
  });

  it('apply_patch refuses patches that name a path out of the worktree or into .git', async () => {
    const before = await readdir(outside.path);
    const hooksBefore = await readdir(join(repo.path, '.git', 'hooks'));
    const create = (path: string) => `--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n+pwned\n`;
    const leaks: string[] = [];
    const patches: Array<[string, string]> = [
      ...ESCAPES().filter((p) => !p.startsWith('/')).map((p): [string, string] => [p, create(p)]),
      ['absolute, no prefix', `--- /dev/null\n+++ ${join(outside.path, 'new.txt')}\n@@ -0,0 +1 @@\n+pwned\n`],
      ['a new hook in .git', create('.git/hooks/post-checkout')],
      ['a rename out of the worktree', 'diff --git a/README.md b/../moved.md\nsimilarity index 100%\nrename from README.md\nrename to ../moved.md\n'],
      ['through the dangling link', '--- a/dangling\n+++ b/dangling\n@@ -0,0 +1 @@\n+pwned\n'],
    ];
    for (const [how, patch] of patches) {
      const outcome = await run('apply_patch', { patch });
      tools.attempted++;
      if (outcome.isError) tools.refused++;
      else leaks.push(`${how}: ${outcome.output.slice(0, 200)}`);
    }
    expect(leaks).toEqual([]);
    expect(await readdir(outside.path)).toEqual(before);
    expect(await readdir(join(repo.path, '.git', 'hooks'))).toEqual(hooksBefore);
    expect(existsSync(join(repo.path, '..', 'moved.md'))).toBe(false);
  });
});
