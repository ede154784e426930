// The tools the built-in agent offers: one zod schema per tool validates the model's arguments, and the same
// schema (as JSON Schema) plus a description is what the model is told. One source, so the two never disagree.
import { z } from 'zod';
import { ToolLimits } from '../loop-constants';
import type { ToolDefinition } from '../loop-types';

/** Line numbers are 1-based; the upper bound only keeps the JSON Schema free of 2^53 noise. */
const MAX_LINE = 100_000_000;

export const ToolArgs = {
  run_command: z.object({
    command: z.string().optional().describe('A shell command line, run with sh -c in the worktree (pipes, &&, redirections work).'),
    argv: z.array(z.string()).optional().describe('Alternatively, the program and its arguments as separate words, run without a shell.'),
    timeout_ms: z
      .number()
      .int()
      .min(1)
      .max(ToolLimits.commandMaxTimeoutMs)
      .optional()
      .describe(`Time limit in milliseconds (default ${ToolLimits.commandTimeoutMs}).`),
  }),
  read_file: z.object({
    path: z.string().describe('File path relative to the worktree.'),
    start_line: z.number().int().min(1).max(MAX_LINE).optional().describe('First line to return (1-based), to page through a long file.'),
  }),
  write_file: z.object({
    path: z.string().describe('File path relative to the worktree; missing folders are created.'),
    content: z.string().describe('The complete new content of the file.'),
  }),
  apply_patch: z.object({
    patch: z.string().describe('A unified diff (as from git diff or diff -u) with ---/+++ file headers and @@ hunks.'),
  }),
  list_files: z.object({
    path: z.string().optional().describe('Folder relative to the worktree (default: the worktree itself).'),
  }),
  search_files: z.object({
    pattern: z.string().describe('Text to find (a plain substring unless regex is true).'),
    path: z.string().optional().describe('File or folder to search, relative to the worktree (default: everything).'),
    regex: z.boolean().optional().describe('Treat pattern as a POSIX extended regular expression.'),
    ignore_case: z.boolean().optional().describe('Match regardless of case.'),
  }),
} as const;

export type ToolName = keyof typeof ToolArgs;

const DESCRIPTIONS: Record<ToolName, string> = {
  run_command: `Run a command in the worktree and get its exit code and combined output (long output is shortened to its start and end). Not interactive: stdin is empty. Stopped after timeout_ms (default ${ToolLimits.commandTimeoutMs / 1000} s) together with every process it started.`,
  read_file: `Read a text file of the worktree (up to ${ToolLimits.readMaxChars.toLocaleString('en-US')} characters per call; use start_line for the rest).`,
  write_file: 'Create or overwrite a file in the worktree with the given content.',
  apply_patch: 'Apply a unified diff to files of the worktree. Either every hunk applies or nothing changes; context lines must match the current file exactly.',
  list_files: `List the files and folders under a folder of the worktree, breadth first (at most ${ToolLimits.listMaxEntries.toLocaleString('en-US')} entries; .git is never shown).`,
  search_files: `Search the text files of the worktree (tracked and untracked, not ignored ones) and get path:line:text for each match (at most ${ToolLimits.searchMaxMatches}).`,
};

/** The definitions sent to the model, in a stable order. */
export function toolDefinitions(): ToolDefinition[] {
  return (Object.keys(ToolArgs) as ToolName[]).map((name) => {
    const schema = z.toJSONSchema(ToolArgs[name], { io: 'input' }) as Record<string, unknown>;
    delete schema.$schema;
    return { name, description: DESCRIPTIONS[name], parameters: schema };
  });
}

export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(ToolArgs, name);
}

/** Parses the model's JSON arguments for `name`; a sentence for the model when they are not usable. */
export function parseToolArgs<N extends ToolName>(name: N, raw: string): { ok: true; args: z.infer<(typeof ToolArgs)[N]> } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    return { ok: false, reason: `The arguments for ${name} are not valid JSON.` };
  }
  const parsed = ToolArgs[name].safeParse(json);
  if (parsed.success) return { ok: true, args: parsed.data as z.infer<(typeof ToolArgs)[N]> };
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`).join('; ');
  return { ok: false, reason: `Invalid arguments for ${name}: ${issues}.` };
}
