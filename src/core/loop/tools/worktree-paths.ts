// Confines every path a tool receives to the run's worktree (ARCHITECTURE.md §5): lexical `..` and absolute
// escapes, symbolic links that lead outside (resolved with realpath, also through the parent of a file that does
// not exist yet), dangling links, and anything under `.git` (a checkout's .git folder, a linked worktree's .git
// file, or a link into either) are refused with a sentence the model reads. Never throws for a bad path.
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

export interface ConfinedPath {
  /** Absolute path with every existing symbolic link resolved: the one to open. */
  abs: string;
  /** Relative to the worktree, with '/' separators ('.' for the worktree itself): the one to show. */
  rel: string;
  /** Whether something exists there now. */
  exists: boolean;
}

export type PathCheck = { ok: true; path: ConfinedPath } | { ok: false; reason: string };

/** `.git`, and the spellings case-insensitive or Windows filesystems treat as the same name. */
const GIT_SEGMENT = /^\.git[. ]*$/i;

export class WorktreePaths {
  private constructor(
    /** The worktree as given (absolute). */
    readonly given: string,
    /** Its realpath: what every resolved path must stay under. */
    readonly root: string,
  ) {}

  /** Resolves the worktree itself; throws if it does not exist (the caller's bug, not the model's). */
  static async open(worktree: string): Promise<WorktreePaths> {
    const given = path.resolve(worktree);
    return new WorktreePaths(given, await realpath(given));
  }

  /** Resolves `input` (relative to the worktree, or absolute inside it) or says why it is refused. */
  async resolve(input: string): Promise<PathCheck> {
    if (typeof input !== 'string' || input.trim() === '') return refuse('A path is required.');
    if (input.includes('\0')) return refuse('The path contains a NUL character.');
    const lexical = this.lexicalRelative(input);
    if (lexical === null) return refuse(`"${input}" is outside the worktree; use a path inside it (relative paths start at the worktree).`);
    if (hasGitSegment(lexical)) return refuse(`"${input}" is inside .git, which the agent may not read or change.`);

    const resolved = await this.realResolve(path.join(this.root, lexical));
    if ('reason' in resolved) return refuse(`"${input}" ${resolved.reason}`);
    const rel = path.relative(this.root, resolved.abs);
    if (isOutside(rel)) return refuse(`"${input}" leads outside the worktree through a symbolic link.`);
    if (hasGitSegment(rel)) return refuse(`"${input}" leads into .git through a symbolic link, which the agent may not read or change.`);
    return { ok: true, path: { abs: resolved.abs, rel: toPosix(rel) || '.', exists: resolved.exists } };
  }

  /** The input relative to the worktree without touching the disk, or null when it points outside. */
  private lexicalRelative(input: string): string | null {
    const absolute = path.resolve(this.root, input);
    // An absolute path may name the worktree by its given path or by its real one.
    for (const base of [this.root, this.given]) {
      const rel = path.relative(base, absolute);
      if (!isOutside(rel)) return rel;
    }
    return null;
  }

  /**
   * realpath of the deepest existing ancestor, plus the missing segments below it. A missing segment that is a
   * dangling symbolic link is refused: writing through it would create its target, wherever that is.
   */
  private async realResolve(abs: string): Promise<{ abs: string; exists: boolean } | { reason: string }> {
    const missing: string[] = [];
    let current = abs;
    for (;;) {
      try {
        const real = await realpath(current);
        return { abs: path.join(real, ...missing), exists: missing.length === 0 };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') return { reason: `cannot be resolved (${code ?? 'unknown error'}).` };
      }
      if (await isSymlink(current)) return { reason: 'is a symbolic link whose target does not exist.' };
      const parent = path.dirname(current);
      if (parent === current) return { reason: 'cannot be resolved.' };
      missing.unshift(path.basename(current));
      current = parent;
    }
  }
}

function refuse(reason: string): PathCheck {
  return { ok: false, reason };
}

function isOutside(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

function hasGitSegment(rel: string): boolean {
  return rel.split(path.sep).some((segment) => GIT_SEGMENT.test(segment));
}

async function isSymlink(p: string): Promise<boolean> {
  try {
    return (await lstat(p)).isSymbolicLink();
  } catch {
    return false;
  }
}

function toPosix(rel: string): string {
  return rel.split(path.sep).join('/');
}

/** True for a directory entry name list_files and search must never show or enter. */
export function isGitName(name: string): boolean {
  return GIT_SEGMENT.test(name);
}
