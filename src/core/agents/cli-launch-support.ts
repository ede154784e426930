// Small helpers for building agent CLI command lines and config files: POSIX shell quoting (for the hook
// settings that take a command string), TOML values (for Codex `-c key=value`), and how a prompt becomes argv.
// None of this ever runs a shell; the agent itself hands hook command strings to its shell.
import { AppError } from '../../shared/errors';

/** Words that need no quoting in a POSIX shell. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one word for a POSIX shell: single quotes, with ' written as '\''. */
export function shellQuoteWord(word: string): string {
  if (word.length > 0 && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Joins argv into one POSIX shell command line that runs exactly that argv. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map(shellQuoteWord).join(' ');
}

/**
 * A TOML basic string. JSON string escapes are a subset of TOML's (\" \\ \b \f \n \r \t \uXXXX), and JSON
 * escapes every control character, so JSON.stringify is exact for well-formed text; a lone surrogate (which
 * TOML cannot hold) is refused.
 */
export function tomlString(value: string): string {
  if (/[\uD800-\uDFFF]/.test(value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    throw new AppError('INVALID_INPUT', 'The text contains an invalid character (a lone surrogate).');
  }
  return JSON.stringify(value);
}

/** A TOML inline array of strings. */
export function tomlStringArray(values: readonly string[]): string {
  return `[${values.map(tomlString).join(', ')}]`;
}

/**
 * The prompt as a positional argument. Parsers (clap, commander) read a word starting with '-' as an option,
 * so such a prompt goes after `--`, which every one of them reads as "operands follow".
 */
export function positionalPrompt(prompt: string): string[] {
  if (prompt.length === 0) return [];
  return prompt.startsWith('-') ? ['--', prompt] : [prompt];
}

/**
 * The prompt as the value of `flag`: two argv entries, or one `--flag=value` entry when the prompt starts with
 * '-' (yargs and commander would otherwise take it for another option). `flag` must be the long form.
 */
export function flagPrompt(flag: string, prompt: string): string[] {
  if (prompt.length === 0) return [];
  return prompt.startsWith('-') ? [`${flag}=${prompt}`] : [flag, prompt];
}

/**
 * Gemini CLI and Qwen Code expand $VAR and ${VAR} in every string of their settings files before use, quotes
 * or not, so a hook command containing '$' would change meaning. Refuse it rather than guess.
 */
export function assertNoSettingsExpansion(argv: readonly string[], cliName: string): void {
  if (argv.some((word) => word.includes('$'))) {
    throw new AppError('INVALID_INPUT', `${cliName} expands "$" in its settings, so the hook command must not contain "$".`);
  }
}
