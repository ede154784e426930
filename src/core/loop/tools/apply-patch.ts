// apply_patch: a unified diff applied with `git apply` in the worktree (argv spawn, repository hooks and fsmonitor
// off). Every path the diff names is first confined by WorktreePaths; git apply checks again (it refuses paths
// outside the tree, `.git`, and writes beyond a symbolic link) and applies all or nothing.
import { ToolLimits } from '../loop-constants';
import type { ToolOutcome } from '../loop-types';
import { OutputCapture, runBounded } from './child-process';
import { toolError } from './file-tools';
import type { WorktreePaths } from './worktree-paths';

export interface PatchContext {
  paths: WorktreePaths;
  /** The child environment (allowlisted, no API key). */
  env: Record<string, string>;
  signal: AbortSignal;
  gitPath?: string;
}

/** Plumbing flags: the repository's hooks and fsmonitor never run from the app's own git (ARCHITECTURE.md §3). */
const SAFE_GIT = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'];

export async function applyPatchTool(ctx: PatchContext, rawPatch: string): Promise<ToolOutcome> {
  if (Buffer.byteLength(rawPatch) > ToolLimits.patchMaxBytes) return toolError(`The patch is larger than ${ToolLimits.patchMaxBytes.toLocaleString('en-US')} bytes; split it.`);
  const patch = normalizePatch(rawPatch);
  const files = patchPaths(patch);
  if (files.length === 0) return toolError('This is not a unified diff: it has no file headers (--- a/<path> and +++ b/<path>).');
  // git apply strips one leading component by default (-p1: a/ and b/); diffs written without them need -p0.
  const strip = files.every((f) => /^[ab]\//.test(f)) ? 1 : 0;
  const targets = [...new Set(files.map((f) => (strip === 1 ? f.slice(2) : f)))];
  const refusals: string[] = [];
  for (const target of targets) {
    const check = await ctx.paths.resolve(target);
    if (!check.ok) refusals.push(check.reason);
  }
  if (refusals.length > 0) return toolError(`The patch was not applied: ${refusals.join(' ')}`);

  const capture = new OutputCapture(ToolLimits.commandOutputForModelChars, 0);
  const run = await runBounded({
    file: ctx.gitPath ?? 'git',
    args: [...SAFE_GIT, 'apply', '--verbose', '--recount', '--whitespace=nowarn', `-p${strip}`, '-'],
    cwd: ctx.paths.root,
    env: { ...ctx.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
    input: patch,
    timeoutMs: ToolLimits.gitToolTimeoutMs,
    signal: ctx.signal,
    capture,
  });
  const output = capture.text().trim();
  if (run.cancelled) return { output: 'Cancelled before the patch was applied.', isError: true, cancelled: true };
  if (run.spawnError) return toolError(`Could not run git to apply the patch (${run.spawnError}).`);
  if (run.timedOut) return toolError('git apply did not finish in time; nothing was changed.');
  if (run.exitCode !== 0) return toolError(`The patch did not apply, so nothing was changed. git apply said:\n${output}`);
  return { output: `Applied the patch to ${targets.join(', ')}.${output ? `\n${output}` : ''}`, isError: false, summary: `patched ${targets.join(', ')}` };
}

/** Drops a Markdown code fence around the diff (models add them) and makes sure it ends with a newline. */
export function normalizePatch(patch: string): string {
  let text = patch.replace(/\r\n/g, '\n');
  const fenced = /^\s*```[\w-]*\n([\s\S]*?)\n```\s*$/.exec(text);
  if (fenced?.[1] !== undefined) text = fenced[1];
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * Every path a diff names, as written (with a/ b/ prefixes when present): `---`/`+++` header pairs (not
 * /dev/null), unquoted `diff --git a/x b/y` lines, and git's `rename from/to` and `copy from/to` lines, which carry no prefix and are returned with one added
 * when the diff uses prefixes. C-quoted names ("a/\303\244") are unquoted.
 */
export function patchPaths(patch: string): string[] {
  const headers: string[] = [];
  const extended: string[] = [];
  const lines = patch.split('\n');
  for (const [i, line] of lines.entries()) {
    // A header is a `---` line directly followed by a `+++` line; a removed line "-- x" alone is hunk content.
    const old = /^--- (.+)$/.exec(line);
    const next = /^\+\+\+ (.+)$/.exec(lines[i + 1] ?? '');
    if (old?.[1] && next?.[1]) {
      for (const raw of [old[1], next[1]]) {
        const name = unquote(raw.replace(/\t.*$/, '').trim());
        if (name !== '/dev/null') headers.push(name);
      }
      continue;
    }
    const git = /^diff --git (a\/\S+) (b\/\S+)$/.exec(line);
    if (git?.[1] && git[2]) headers.push(git[1], git[2]);
    const ext = /^(?:rename|copy) (?:from|to) (.+)$/.exec(line);
    if (ext?.[1]) extended.push(unquote(ext[1].trim()));
  }
  const prefixed = headers.length > 0 && headers.every((f) => /^[ab]\//.test(f));
  return [...headers, ...extended.map((f) => (prefixed ? `a/${f}` : f))];
}

/** Git's C-style quoting of unusual file names: backslash escapes and octal bytes, UTF-8 encoded. */
function unquote(name: string): string {
  if (!(name.startsWith('"') && name.endsWith('"') && name.length >= 2)) return name;
  const bytes: number[] = [];
  const body = name.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
