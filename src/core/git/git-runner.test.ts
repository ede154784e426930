import { readFileSync } from 'node:fs';
import { chmod, readFile, stat, utimes, writeFile, access, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { makeTempDir, makeTempRepo, runGit, type TempDir } from '../../../test/helpers/git-fixtures';
import { GitRunner } from './git-runner';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});
async function tempRepo(opts?: Parameters<typeof makeTempRepo>[0]): Promise<TempDir> {
  const repo = await makeTempRepo(opts);
  cleanups.push(repo.cleanup);
  return repo;
}
async function tempDir(): Promise<TempDir> {
  const dir = await makeTempDir();
  cleanups.push(dir.cleanup);
  return dir;
}
/** A stand-in `git` executable (a shell script) for what real git cannot be made to do: be old, hang. */
async function fakeGit(body: string): Promise<string> {
  const dir = await tempDir();
  const file = path.join(dir.path, 'git');
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}
async function caught(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
/** Whether a process still runs. A zombie (exited, not yet reaped by init) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

describe('GitRunner.run', () => {
  it('returns stdout, stderr and exit code of a successful command', async () => {
    const repo = await tempRepo();
    const res = await new GitRunner().run(['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: repo.path });
    expect(res).toMatchObject({ stdout: 'main\n', code: 0 });
  });

  it('passes safe config first, --no-optional-locks when read-only, and a stable environment', async () => {
    const git = await fakeGit('printf "%s\\n" "$@"; echo "ENV $GIT_TERMINAL_PROMPT $LC_ALL ${GIT_OPTIONAL_LOCKS:-unset} ${GIT_DIR:-nodir}"');
    const dir = await tempDir();
    const runner = new GitRunner({ gitPath: git });
    process.env.GIT_DIR = '/somewhere/else/.git';
    try {
      const ro = await runner.run(['status'], { cwd: dir.path, readOnly: true });
      expect(ro.stdout.split('\n')).toEqual([
        '-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'gc.auto=0', '--no-optional-locks', 'status',
        'ENV 0 C 0 nodir', '',
      ]);
      const rw = await runner.run(['commit', 'a b'], { cwd: dir.path });
      expect(rw.stdout).not.toContain('--no-optional-locks');
      expect(rw.stdout).toContain('commit\na b\nENV 0 C unset nodir');
    } finally {
      delete process.env.GIT_DIR;
    }
  });

  it('never runs repository hooks: a pre-commit hook that would block the commit is skipped', async () => {
    const repo = await tempRepo();
    const marker = path.join(repo.path, '..', 'hook-ran');
    const hook = path.join(repo.path, '.git', 'hooks', 'pre-commit');
    await writeFile(hook, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
    await chmod(hook, 0o755);
    await expect(runGit(repo.path, ['commit', '--allow-empty', '-m', 'control'])).rejects.toThrow(); // the hook works
    await rm(marker);

    await new GitRunner().run(['commit', '--allow-empty', '-m', 'app commit'], { cwd: repo.path });
    await expect(access(marker)).rejects.toThrow();
    expect(await runGit(repo.path, ['log', '-1', '--format=%s'])).toBe('app commit\n');
  });

  it('read-only commands leave the index untouched, while a normal status refreshes it', async () => {
    const repo = await tempRepo();
    const index = path.join(repo.path, '.git', 'index');
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(repo.path, 'README.md'), later, later); // stat changed, content not
    const before = await readFile(index);
    const runner = new GitRunner();
    await runner.run(['status', '--porcelain'], { cwd: repo.path, readOnly: true });
    expect((await readFile(index)).equals(before)).toBe(true);
    await runner.run(['status', '--porcelain'], { cwd: repo.path });
    expect((await readFile(index)).equals(before)).toBe(false);
  });

  it('feeds input to stdin', async () => {
    const repo = await tempRepo();
    const res = await new GitRunner().run(['hash-object', '--stdin'], { cwd: repo.path, input: 'hello\n' });
    expect(res.stdout.trim()).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  it('resolves allowed non-zero exit codes as results', async () => {
    const repo = await tempRepo();
    const res = await new GitRunner().run(['rev-parse', '--verify', '-q', 'nope'], { cwd: repo.path, allowedExitCodes: [0, 1] });
    expect(res.code).toBe(1);
  });

  it('turns a failing command into GIT_FAILED with the subcommand and git’s own reason', async () => {
    const repo = await tempRepo();
    const err = await caught(new GitRunner().run(['checkout', 'no-such-branch'], { cwd: repo.path }));
    expect(err.code).toBe('GIT_FAILED');
    expect(err.message).toBe("git checkout: pathspec 'no-such-branch' did not match any file(s) known to git");
  });

  it('reports GIT_MISSING when the git executable does not exist', async () => {
    const dir = await tempDir();
    const err = await caught(new GitRunner({ gitPath: path.join(dir.path, 'no-git-here') }).run(['status'], { cwd: dir.path }));
    expect(err.code).toBe('GIT_MISSING');
    expect(err.message).toBe('Git is not installed or not on PATH. Install git 2.38 or newer.');
  });

  it('reports a missing working directory as PATH_NOT_FOUND, not as missing git', async () => {
    const dir = await tempDir();
    const err = await caught(new GitRunner().run(['status'], { cwd: path.join(dir.path, 'gone') }));
    expect(err.code).toBe('PATH_NOT_FOUND');
  });

  it('kills git and everything it started when the timeout passes', async () => {
    const dir = await tempDir();
    const pidFile = path.join(dir.path, 'pids');
    const git = await fakeGit(`sleep 30 & echo "$$ $!" > '${pidFile}'; wait`);
    const started = Date.now();
    const err = await caught(new GitRunner({ gitPath: git }).run(['fetch'], { cwd: dir.path, timeoutMs: 300 }));
    expect(err.code).toBe('GIT_FAILED');
    expect(err.message).toBe('git fetch timed out after 0.3 s.');
    expect(Date.now() - started).toBeLessThan(5_000);
    const pids = (await readFile(pidFile, 'utf8')).trim().split(' ').map(Number);
    expect(pids).toHaveLength(2);
    await expect.poll(() => pids.filter(isAlive), { timeout: 3_000 }).toEqual([]);
  });
});

describe('GitRunner lock contention', () => {
  it('reports REPO_BUSY with the lock path after retrying, and leaves the lock file in place', async () => {
    const repo = await tempRepo();
    await writeFile(path.join(repo.path, 'new.txt'), 'x\n');
    const lock = path.join(repo.path, '.git', 'index.lock');
    await writeFile(lock, '');
    const runner = new GitRunner({ lockRetry: { initialDelayMs: 20, maxDelayMs: 80, budgetMs: 400 } });
    const started = Date.now();
    const err = await caught(runner.run(['add', 'new.txt'], { cwd: repo.path }));
    expect(err.code).toBe('REPO_BUSY');
    expect(err.message).toBe(`The repository is busy: ${lock} is held by another git process. Try again when it finishes.`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200); // it waited and retried, not failed at once
    expect((await stat(lock)).isFile()).toBe(true);
  });

  it('succeeds once the other process releases the lock during the retries', async () => {
    const repo = await tempRepo();
    await writeFile(path.join(repo.path, 'new.txt'), 'x\n');
    const lock = path.join(repo.path, '.git', 'index.lock');
    await writeFile(lock, '');
    const release = new Promise((r) => setTimeout(r, 250)).then(() => rm(lock));
    const runner = new GitRunner({ lockRetry: { budgetMs: 5_000 } });
    await runner.run(['add', 'new.txt'], { cwd: repo.path });
    await release;
    expect(await runGit(repo.path, ['diff', '--cached', '--name-only'])).toBe('new.txt\n');
  });
});

describe('GitRunner version', () => {
  it('reads the installed git version and accepts it', async () => {
    const runner = new GitRunner();
    const v = await runner.version();
    const real = (await runGit(process.cwd(), ['--version'])).trim();
    expect(real).toBe(`git version ${v.text}`);
    expect(v.text.startsWith(`${v.major}.${v.minor}.${v.patch}`)).toBe(true);
    expect(await runner.assertSupported()).toBe(v.text);
  });

  it('refuses git older than 2.38 with GIT_TOO_OLD naming the installed version', async () => {
    const git = await fakeGit('echo "git version 2.37.9"');
    const err = await caught(new GitRunner({ gitPath: git }).assertSupported());
    expect(err.code).toBe('GIT_TOO_OLD');
    expect(err.message).toBe('Switchyard needs git 2.38 or newer; this machine has 2.37.9.');
  });

  it('asks git for its version only once', async () => {
    const dir = await tempDir();
    const calls = path.join(dir.path, 'calls');
    const git = await fakeGit(`echo x >> '${calls}'; echo "git version 2.45.1.windows.1"`);
    const runner = new GitRunner({ gitPath: git });
    const [a, b] = await Promise.all([runner.version(), runner.version()]);
    await runner.assertSupported();
    expect(a).toEqual({ major: 2, minor: 45, patch: 1, text: '2.45.1.windows.1' });
    expect(b).toBe(a);
    expect(await readFile(calls, 'utf8')).toBe('x\n');
  });
});

describe('GitRunner.withRepoLock', () => {
  const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('runs callers with the same key one at a time, in arrival order', async () => {
    const runner = new GitRunner();
    const events: string[] = [];
    let active = 0;
    let maxActive = 0;
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        runner.withRepoLock('repo-a', async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          events.push(`start ${n}`);
          await tick(15);
          events.push(`end ${n}`);
          active--;
        }),
      ),
    );
    expect(maxActive).toBe(1);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4']);
  });

  it('lets different keys run at the same time', async () => {
    const runner = new GitRunner();
    let active = 0;
    let maxActive = 0;
    const job = async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await tick(30);
      active--;
    };
    await Promise.all([runner.withRepoLock('repo-a', job), runner.withRepoLock('repo-b', job)]);
    expect(maxActive).toBe(2);
  });

  it('releases the lock when the holder throws, and passes results through', async () => {
    const runner = new GitRunner();
    await expect(runner.withRepoLock('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(runner.withRepoLock('k', async () => 42)).resolves.toBe(42);
  });
});
