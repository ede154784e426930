// search_files: a substring or regular-expression search of the worktree's text files, run as `git grep` in a
// child process. A child, not a JavaScript RegExp in the core: a pathological pattern from the model can then only
// waste its own time limit, never block the app's event loop. Tracked and untracked files are searched, files
// ignored by .gitignore and binary files are not, `.git` never is, and symbolic links are not followed.
import { ToolLimits } from '../loop-constants';
import type { ToolOutcome } from '../loop-types';
import { OutputCapture, runBounded } from './child-process';
import { toolError } from './file-tools';
import type { WorktreePaths } from './worktree-paths';

export interface SearchArgs {
  pattern: string;
  path?: string | undefined;
  /** POSIX extended regular expression (git grep -E) instead of a plain substring (git grep -F). */
  regex?: boolean | undefined;
  ignore_case?: boolean | undefined;
}

export interface SearchContext {
  paths: WorktreePaths;
  env: Record<string, string>;
  signal: AbortSignal;
  gitPath?: string;
}

const SAFE_GIT = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'];

export async function searchFilesTool(ctx: SearchContext, args: SearchArgs): Promise<ToolOutcome> {
  if (args.pattern === '') return toolError('The search pattern is empty.');
  const check = await ctx.paths.resolve(args.path ?? '.');
  if (!check.ok) return toolError(check.reason);
  const capture = new OutputCapture(ToolLimits.gitToolMaxOutputBytes, 0);
  let lines = 0;
  const run = await runBounded({
    file: ctx.gitPath ?? 'git',
    args: [
      ...SAFE_GIT,
      '--no-optional-locks',
      'grep',
      '--untracked',
      '-n',
      '-I',
      '--no-color',
      args.regex ? '-E' : '-F',
      ...(args.ignore_case ? ['-i'] : []),
      '-e',
      args.pattern,
      '--',
      // Literal pathspec: a file name with * or ? is not a glob here.
      `:(literal)${check.path.rel}`,
    ],
    cwd: ctx.paths.root,
    env: { ...ctx.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
    timeoutMs: ToolLimits.gitToolTimeoutMs,
    signal: ctx.signal,
    capture,
    onOutput: (text) => {
      for (const ch of text) if (ch === '\n') lines++;
    },
    enough: () => lines > ToolLimits.searchMaxMatches,
  });
  if (run.cancelled) return { output: 'The search was cancelled.', isError: true, cancelled: true };
  if (run.spawnError) return toolError(`Could not run git to search (${run.spawnError}).`);
  if (run.timedOut) return toolError(`The search did not finish within ${ToolLimits.gitToolTimeoutMs / 1000} s; narrow the path or the pattern.`);
  const text = capture.text();
  if (!run.stoppedEarly && run.exitCode === 1 && text.trim() === '') return { output: 'No matches.', isError: false, summary: 'no matches' };
  if (!run.stoppedEarly && run.exitCode !== 0) return toolError(`The search failed: ${text.trim().split('\n')[0] ?? 'git grep failed'}`);
  const matches = text.split('\n').filter((line) => line !== '');
  const capped = matches.length > ToolLimits.searchMaxMatches;
  const shown = matches
    .slice(0, ToolLimits.searchMaxMatches)
    .map((line) => (line.length > ToolLimits.searchLineChars ? `${line.slice(0, ToolLimits.searchLineChars)}…` : line));
  const note = capped ? `\n[… stopped at ${ToolLimits.searchMaxMatches} matches; narrow the search …]` : '';
  return { output: shown.join('\n') + note, isError: false, summary: `${shown.length}${capped ? '+' : ''} matches` };
}
