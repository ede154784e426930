// Turns a profile's command line into an argv array the way a POSIX shell splits words, and fills in {prompt}.
// Never runs a shell: no variables, no globbing, no command substitution, no operators, no redirections.
import { AppError } from '../../shared/errors';

/** The placeholder a command template word may contain; expandTemplate replaces it with the prompt. */
export const PROMPT_PLACEHOLDER = '{prompt}';

/** Characters a backslash escapes inside double quotes (POSIX); before anything else it stays a backslash. */
const DOUBLE_QUOTE_ESCAPABLE = new Set(['"', '\\', '$', '`']);

/**
 * Splits `line` into words like a POSIX shell, without running one:
 * - unquoted whitespace (space, tab, newline, carriage return) separates words;
 * - '…' is literal: no escapes inside;
 * - "…" is literal except that \" \\ \$ \` stand for the second character and backslash-newline is removed;
 * - outside quotes a backslash takes the next character literally, backslash-newline is removed, and a
 *   backslash at the very end stays a backslash;
 * - quotes join with adjacent text into one word (a"b c"d → `ab cd`), and "" alone is an empty word.
 * Nothing else is special: $HOME, *, ~, `cmd`, |, ;, &&, > and < are ordinary characters inside a word,
 * so `a|b` is the single word "a|b" and `a | b` is three words. Throws AppError('INVALID_INPUT') for an
 * unclosed quote or a line with no words.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let hasWord = false;
  let quote: "'" | '"' | null = null;
  const chars = Array.from(line);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const next = chars[i + 1];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && next === '\n') i++;
      else if (ch === '\\' && next !== undefined && DOUBLE_QUOTE_ESCAPABLE.has(next)) word += chars[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      hasWord = true;
    } else if (ch === '\\') {
      hasWord = true;
      if (next === '\n') i++;
      else if (next === undefined) word += ch;
      else word += chars[++i];
    } else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (hasWord) words.push(word);
      word = '';
      hasWord = false;
    } else {
      word += ch;
      hasWord = true;
    }
  }
  if (quote !== null) throw new AppError('INVALID_INPUT', 'Unclosed quote in the command.');
  if (hasWord) words.push(word);
  if (words.length === 0) throw new AppError('INVALID_INPUT', 'The command is empty.');
  return words;
}

/**
 * Replaces every `{prompt}` inside every word with `vars.prompt`, verbatim. Each word stays exactly one argv
 * entry whatever the prompt holds (spaces, quotes, newlines, `$(…)`, non-ASCII), since no shell ever sees it.
 * A `{prompt}` inside the prompt itself is not expanded again.
 */
export function expandTemplate(argv: readonly string[], vars: { prompt: string }): string[] {
  return argv.map((word) => word.split(PROMPT_PLACEHOLDER).join(vars.prompt));
}
