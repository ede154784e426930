// Command-line parsing for every command: node:util parseArgs with the options all commands share
// (--data-dir, --help), its errors turned into usage errors (exit 2) that point to the command's help.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultDataDir } from '../core/data-dir';
import { UsageError } from './exit-codes';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** Parses `argv` against the command's options plus the common ones; positionals allowed. */
export function parseCommand<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(`${message}\nSee \`switchyard ${command} --help\`.`);
  }
}

/** The data folder: --data-dir, else SWITCHYARD_DATA_DIR, else the platform's default (as the app uses). */
export function dataDirOf(values: { 'data-dir'?: string | boolean | (string | boolean)[] }, env: NodeJS.ProcessEnv = process.env): string {
  const given = values['data-dir'];
  return typeof given === 'string' && given !== '' ? given : defaultDataDir(env);
}

/** A whole number option in [min, max], or a usage error naming the option. */
export function intOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}".`);
  return n;
}
