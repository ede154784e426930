// read_file, write_file and list_files: plain fs work on paths already confined by WorktreePaths.
// Every refusal and failure is a ToolOutcome with a sentence for the model, never an exception.
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ToolLimits } from '../loop-constants';
import type { ToolOutcome } from '../loop-types';
import { isGitName, type WorktreePaths } from './worktree-paths';

/** Folders list_files shows but does not enter: dependency trees that dwarf the project itself. */
const NOT_DESCENDED = new Set(['node_modules']);
/** Bytes inspected for a NUL byte to tell a binary file from text (git uses the same 8000). */
const BINARY_SNIFF_BYTES = 8_000;

export function toolError(output: string): ToolOutcome {
  return { output, isError: true };
}

export async function readFileTool(paths: WorktreePaths, args: { path: string; start_line?: number | undefined }): Promise<ToolOutcome> {
  const check = await paths.resolve(args.path);
  if (!check.ok) return toolError(check.reason);
  const { abs, rel } = check.path;
  let info;
  try {
    info = await stat(abs);
  } catch {
    return toolError(`There is no file at ${rel}.`);
  }
  if (info.isDirectory()) return toolError(`${rel} is a folder; use list_files to see what it holds.`);
  if (!info.isFile()) return toolError(`${rel} is not a regular file.`);
  if (info.size > ToolLimits.readMaxFileBytes) {
    return toolError(`${rel} is ${info.size.toLocaleString('en-US')} bytes, too large to read here; inspect parts of it with run_command (head, sed -n, grep).`);
  }
  const bytes = await readFile(abs);
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return toolError(`${rel} is a binary file (${bytes.length.toLocaleString('en-US')} bytes); it is not shown.`);
  const content = bytes.toString('utf8');
  const lines = (content.endsWith('\n') ? content.slice(0, -1) : content).split('\n');
  const start = Math.max(1, args.start_line ?? 1);
  if (start > lines.length) return toolError(`${rel} has only ${lines.length} lines.`);
  let text = '';
  let end = start - 1;
  while (end < lines.length) {
    const next = lines[end] as string;
    if (text.length + next.length + 1 > ToolLimits.readMaxChars && end > start - 1) break;
    text += (end > start - 1 ? '\n' : '') + next;
    end++;
  }
  if (text.length > ToolLimits.readMaxChars) text = `${text.slice(0, ToolLimits.readMaxChars)} [… line cut …]`;
  if (end >= lines.length && start === 1) return { output: text, isError: false, summary: `${rel} (${lines.length} lines)` };
  const more = end < lines.length ? `\n[… ${rel} continues: call read_file with start_line ${end + 1} for more …]` : '';
  return { output: `[lines ${start}–${end} of ${lines.length}]\n${text}${more}`, isError: false, summary: `${rel} lines ${start}–${end} of ${lines.length}` };
}

export async function writeFileTool(paths: WorktreePaths, args: { path: string; content: string }): Promise<ToolOutcome> {
  const size = Buffer.byteLength(args.content);
  if (size > ToolLimits.writeMaxBytes) return toolError(`The content is ${size.toLocaleString('en-US')} bytes; write_file takes at most ${ToolLimits.writeMaxBytes.toLocaleString('en-US')}.`);
  const check = await paths.resolve(args.path);
  if (!check.ok) return toolError(check.reason);
  const { abs, rel, exists } = check.path;
  if (rel === '.') return toolError('write_file needs a file path, not the worktree itself.');
  try {
    if (exists && (await stat(abs)).isDirectory()) return toolError(`${rel} is a folder; give a file path.`);
    await mkdir(path.dirname(abs), { recursive: true });
    // O_NOFOLLOW: if a symbolic link appeared at the resolved path since the check, refuse rather than follow it.
    const handle = await open(abs, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    try {
      await handle.writeFile(args.content);
    } finally {
      await handle.close();
    }
  } catch (err) {
    return toolError(`Could not write ${rel}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  }
  const lines = args.content === '' ? 0 : args.content.split('\n').length;
  return { output: `${exists ? 'Overwrote' : 'Created'} ${rel} (${size.toLocaleString('en-US')} bytes, ${lines} lines).`, isError: false };
}

/**
 * Breadth first from `path`, so the top of the tree comes first when the cap cuts it: one entry per line, folders
 * ending in '/', symbolic links as `name -> target` and never followed, `.git` never shown, node_modules not entered.
 */
export async function listFilesTool(paths: WorktreePaths, args: { path?: string | undefined }): Promise<ToolOutcome> {
  const check = await paths.resolve(args.path ?? '.');
  if (!check.ok) return toolError(check.reason);
  const { abs, rel } = check.path;
  try {
    if (!(await stat(abs)).isDirectory()) return toolError(`${rel} is not a folder.`);
  } catch {
    return toolError(`There is no folder at ${rel}.`);
  }
  const out: string[] = [];
  const queue: string[] = [abs];
  let truncated = false;
  while (queue.length > 0 && !truncated) {
    const dir = queue.shift() as string;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)); // byte order: stable across locales
    for (const entry of entries) {
      if (isGitName(entry.name)) continue;
      if (out.length >= ToolLimits.listMaxEntries) {
        truncated = true;
        break;
      }
      const full = path.join(dir, entry.name);
      const shown = path.relative(paths.root, full).split(path.sep).join('/');
      if (entry.isSymbolicLink()) out.push(`${shown} -> (symbolic link)`);
      else if (entry.isDirectory()) {
        out.push(`${shown}/${NOT_DESCENDED.has(entry.name) ? ' (not listed)' : ''}`);
        if (!NOT_DESCENDED.has(entry.name)) queue.push(full);
      } else out.push(shown);
    }
  }
  if (out.length === 0) return { output: `${rel} is empty.`, isError: false };
  const note = truncated ? `\n[… stopped at ${ToolLimits.listMaxEntries} entries; list a subfolder to see more …]` : '';
  return { output: out.join('\n') + note, isError: false, summary: `${out.length} entries${truncated ? ' (capped)' : ''}` };
}
