// Paths the review code hands to git and the file system: a repository-relative path is checked
// (no absolute path, no `..`, nothing under `.git`) and resolved inside its worktree with realpath,
// so a symlinked folder cannot lead a read outside the worktree. Also the env git needs to treat
// paths as literal names rather than glob patterns.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * Added to every git call that takes paths after `--`: `*`, `?` and `[` in a file name are
 * literal characters, not pathspec wildcards (a file called `[id].tsx` must not match `i.tsx`).
 */
export const LITERAL_PATHS_ENV: Readonly<Record<string, string>> = { GIT_LITERAL_PATHSPECS: '1' };

/**
 * A `.git` segment, and the spellings case-insensitive or Windows file systems treat as the same
 * name (`.GIT`, `.git.`, `.git `). Git itself refuses to track such a path at any depth.
 */
const GIT_SEGMENT = /^\.git[. ]*$/i;

/**
 * Throws INVALID_INPUT unless `rel` is a plain repository-relative path: forward slashes, no
 * empty, `.` or `..` segment, not absolute, no NUL, and no `.git` segment at any depth (the
 * repository's own, or a nested repository's). A trailing slash (git's way to list a nested
 * repository) is allowed.
 */
export function assertRepoPath(rel: string): void {
  const trimmed = rel.endsWith('/') ? rel.slice(0, -1) : rel;
  const segments = trimmed.split('/');
  const bad =
    trimmed === '' ||
    trimmed.includes('\0') ||
    trimmed.includes('\\') ||
    path.posix.isAbsolute(trimmed) ||
    segments.some((s) => s === '' || s === '.' || s === '..') ||
    segments.some((s) => GIT_SEGMENT.test(s));
  if (bad) throw new AppError('INVALID_INPUT', `"${rel}" is not a file path inside the repository.`);
}

/**
 * The absolute location of `rel` inside `root`, after checking that the folder that holds it
 * resolves (realpath) inside the root's realpath. The last segment itself is not followed, so a
 * symlink is read as a link. Throws INVALID_INPUT when it would lead outside; PATH_NOT_FOUND when
 * the root is missing. A parent folder that does not exist is fine (the file does not exist either).
 */
export async function confinedPath(root: string, rel: string): Promise<string> {
  assertRepoPath(rel);
  const realRoot = await realpath(root).catch((err: unknown) => {
    throw new AppError('PATH_NOT_FOUND', `No folder at ${root}.`, { cause: err });
  });
  const trimmed = rel.endsWith('/') ? rel.slice(0, -1) : rel;
  const parentRel = path.posix.dirname(trimmed);
  const joinedParent = path.join(realRoot, ...parentRel.split('/'));
  const realParent = parentRel === '.' ? realRoot : await realpath(joinedParent).catch(() => joinedParent);
  if (!isInside(realParent, realRoot)) {
    throw new AppError('INVALID_INPUT', `"${rel}" leads outside the worktree ${root} through a symbolic link.`);
  }
  return path.join(realParent, path.posix.basename(trimmed));
}

/** Whether `child` is `parent` or inside it (both absolute, already resolved). */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}
