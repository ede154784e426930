// Opens a folder as a repository: resolves its top level and explains every folder it cannot use;
// also lists local branches and resolves a branch to its commit. Read-only: never writes to the repo.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { type GitRunner } from './git-runner';

export interface RepoInfo {
  /** Top level of the working tree, resolved with realpath. */
  topLevel: string;
  name: string;
  /** Branch checked out in this working tree; null when HEAD is detached. */
  currentBranch: string | null;
  headCommit: string;
}

const READ = { readOnly: true } as const;
const HEADS = 'refs/heads/';

export async function inspectRepo(git: GitRunner, inputPath: string): Promise<RepoInfo> {
  const shown = path.resolve(inputPath);
  await assertFolder(shown);
  const folder = await realpath(shown);

  const probe = await git.run(['rev-parse', '--is-bare-repository', '--is-inside-work-tree', '--is-inside-git-dir'], {
    ...READ,
    cwd: folder,
    allowedExitCodes: [0, 128],
  });
  if (probe.code !== 0) throw notARepository(shown, probe.stderr);
  const [isBare, insideWorkTree, insideGitDir] = probe.stdout.split('\n').map((l) => l.trim() === 'true');
  if (isBare) {
    throw new AppError('REPO_BARE', `${shown} is a bare repository; Switchyard needs a working tree (bare repositories are not supported yet).`);
  }
  if (!insideWorkTree) {
    const where = insideGitDir ? 'inside the .git folder of a repository' : 'not inside a working tree';
    throw new AppError('NOT_A_GIT_REPO', `${shown} is ${where}. Pick the repository's own folder instead.`);
  }

  const top = await git.run(['rev-parse', '--show-toplevel'], { ...READ, cwd: folder });
  const topLevel = await realpath(top.stdout.replace(/\r?\n$/, ''));
  const head = await git.run(['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { ...READ, cwd: topLevel, allowedExitCodes: [0, 1] });
  const currentBranch = await readCurrentBranch(git, topLevel);
  if (head.code !== 0) throw await emptyRepository(git, topLevel, currentBranch);

  return { topLevel, name: path.basename(topLevel), currentBranch, headCommit: head.stdout.trim() };
}

export async function listBranches(git: GitRunner, topLevel: string): Promise<{ branches: string[]; current: string | null }> {
  // Ref names cannot contain NUL or newline: one record per line, fields split by NUL.
  const { stdout } = await git.run(['for-each-ref', '--sort=refname', '--format=%(HEAD)%00%(refname)', HEADS], { ...READ, cwd: topLevel });
  const branches: string[] = [];
  let current: string | null = null;
  for (const line of stdout.split('\n')) {
    const [mark, ref] = line.split('\0');
    if (!ref?.startsWith(HEADS)) continue;
    const name = ref.slice(HEADS.length);
    branches.push(name);
    if (mark === '*') current = name;
  }
  return { branches, current };
}

/** Full sha of refs/heads/<branch>. Matches the ref name exactly: no revision syntax (`main^`) is interpreted. */
export async function resolveBranchCommit(git: GitRunner, topLevel: string, branch: string): Promise<string> {
  const wanted = HEADS + branch;
  if (branch !== '' && !branch.includes('\0')) {
    const { stdout } = await git.run(['for-each-ref', '--format=%(refname)%00%(objectname)', wanted], { ...READ, cwd: topLevel });
    for (const line of stdout.split('\n')) {
      const [ref, sha] = line.split('\0');
      if (ref === wanted && sha) return sha;
    }
  }
  throw new AppError('BRANCH_NOT_FOUND', `No branch named ${branch} in this repository.`);
}

async function assertFolder(shown: string): Promise<void> {
  let info;
  try {
    info = await stat(shown);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new AppError('PATH_NOT_FOUND', `Switchyard is not allowed to read ${shown}.`, { cause: err });
    }
    throw new AppError('PATH_NOT_FOUND', `No folder at ${shown}.`, { cause: err });
  }
  if (!info.isDirectory()) throw new AppError('NOT_A_DIRECTORY', `${shown} is a file, not a folder. Pick the folder that contains it.`);
}

function notARepository(shown: string, stderr: string): AppError {
  const dubious = /detected dubious ownership in repository at '([^']+)'/.exec(stderr);
  if (dubious) {
    const repo = dubious[1] ?? shown;
    return new AppError(
      'NOT_A_GIT_REPO',
      `Git refuses to open ${repo} because the folder belongs to another user ("dubious ownership"). ` +
        `If you trust it, run: git config --global --add safe.directory ${quoteForShell(repo)}`,
    );
  }
  if (/not a git repository/i.test(stderr)) {
    return new AppError('NOT_A_GIT_REPO', `${shown} is not a git repository. Run \`git init\` there first, or pick another folder.`);
  }
  const detail = stderr.trim().split('\n')[0]?.replace(/^(fatal|error):\s*/, '') ?? '';
  return new AppError('NOT_A_GIT_REPO', `Git cannot open ${shown} as a repository: ${detail || 'unknown error'}.`);
}

async function emptyRepository(git: GitRunner, topLevel: string, currentBranch: string | null): Promise<AppError> {
  const { branches } = await listBranches(git, topLevel);
  if (branches.length > 0 && currentBranch) {
    return new AppError('REPO_EMPTY', `The checked-out branch ${currentBranch} in ${topLevel} has no commits yet. Switch to a branch with commits, then open it again.`);
  }
  return new AppError('REPO_EMPTY', `${topLevel} has no commits yet. Make a first commit, then open it again.`);
}

async function readCurrentBranch(git: GitRunner, topLevel: string): Promise<string | null> {
  const { stdout, code } = await git.run(['symbolic-ref', '-q', 'HEAD'], { ...READ, cwd: topLevel, allowedExitCodes: [0, 1] });
  const ref = stdout.trim();
  return code === 0 && ref.startsWith(HEADS) ? ref.slice(HEADS.length) : null;
}

/** Quotes a path for a POSIX shell command the user copies, only when it needs quoting. */
function quoteForShell(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
