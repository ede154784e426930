// Finds the file a PTY will exec and checks its working directory, before anything is spawned, because
// node-pty on Linux does not report a missing executable clearly. Async fs only; never runs anything.
import { constants, type Stats } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * Resolves `file` to an absolute path of an executable regular file, the way execvp would, but stricter:
 * - a name without a slash is looked up in the directories of `pathVariable` (the child's $PATH), in order;
 *   empty and relative entries are skipped, so a repository can never plant a command in the worktree that
 *   shadows a real one (a POSIX shell would treat an empty entry as the current directory);
 * - a name with a slash is taken as is, relative names against `cwd` (where the child will start).
 * Throws AppError('SPAWN_FAILED') when nothing executable is found.
 */
export async function resolveExecutable(file: string, pathVariable: string | undefined, cwd: string): Promise<string> {
  if (file.includes('/')) {
    const candidate = path.resolve(cwd, file);
    const problem = await executableProblem(candidate);
    if (problem === 'missing') throw notFound(file);
    if (problem === 'not-executable') {
      throw new AppError('SPAWN_FAILED', `${file} is not an executable file. Check the profile's command.`);
    }
    return candidate;
  }
  if (file.length === 0) throw new AppError('SPAWN_FAILED', "The command is empty. Check the profile's command.");
  for (const dir of (pathVariable ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, file);
    if ((await executableProblem(candidate)) === null) return candidate;
  }
  throw notFound(file);
}

/** Checks that `cwd` is an existing directory; throws PATH_NOT_FOUND or NOT_A_DIRECTORY otherwise. */
export async function assertDirectory(cwd: string): Promise<void> {
  const info = await statOrNull(cwd);
  if (info === null) throw new AppError('PATH_NOT_FOUND', `The working directory ${cwd} does not exist.`);
  if (!info.isDirectory()) throw new AppError('NOT_A_DIRECTORY', `The working directory ${cwd} is not a directory.`);
}

async function executableProblem(candidate: string): Promise<'missing' | 'not-executable' | null> {
  const info = await statOrNull(candidate);
  if (info === null) return 'missing';
  if (!info.isFile()) return 'not-executable';
  try {
    await access(candidate, constants.X_OK);
    return null;
  } catch {
    return 'not-executable';
  }
}

async function statOrNull(target: string): Promise<Stats | null> {
  try {
    return await stat(target);
  } catch {
    return null;
  }
}

function notFound(file: string): AppError {
  return new AppError('SPAWN_FAILED', `Command not found: ${file}. Check the profile's command.`);
}
