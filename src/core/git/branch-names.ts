// Branch names for runs: a short ASCII slug of the prompt, `switchyard/<shortId>-<slug>`, and
// validation of any branch name with git's own rules (`git check-ref-format --branch`).
import { AppError } from '../../shared/errors';
import { type GitRunner } from './git-runner';

/**
 * Default longest slug, in characters. Branch names show in the board, terminals and `git branch`
 * listings; 32 keeps `switchyard/<id>-<slug>` readable and far below path-length limits.
 */
export const DEFAULT_SLUG_LENGTH = 32;

/** Namespace of every branch Switchyard creates, so its branches never clash with the user's. */
export const RUN_BRANCH_PREFIX = 'switchyard/';

/** Letters that Unicode decomposition does not reduce to ASCII. */
const TRANSLITERATIONS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i', ŋ: 'ng', ħ: 'h', ĸ: 'k', ſ: 's',
};

/** Lowercase ASCII words of the prompt joined by `-`, at most maxLength chars, never empty (`run`). */
export function slugify(prompt: string, maxLength = DEFAULT_SLUG_LENGTH): string {
  const ascii = prompt
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u0080-\u{10ffff}]/gu, (ch) => TRANSLITERATIONS[ch] ?? ' ');
  const words = ascii.split(/[^a-z0-9]+/).filter((w) => w !== '');
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if (next.length <= maxLength) {
      slug = next;
      continue;
    }
    // A first word longer than the limit is cut; later words that do not fit are dropped whole.
    if (slug === '') slug = word.slice(0, maxLength);
    break;
  }
  return slug === '' ? 'run' : slug;
}

/** `switchyard/<shortId>-<slug>`. The short id must be lowercase letters, digits and dashes. */
export function runBranchName(shortId: string, prompt: string): string {
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(shortId)) {
    throw new AppError('INVALID_INPUT', `The run id "${shortId}" cannot be part of a branch name.`);
  }
  return `${RUN_BRANCH_PREFIX}${shortId}-${slugify(prompt)}`;
}

/**
 * Whether git accepts name as a new branch name. Refuses up front what `--branch` would expand
 * rather than check (`@{-1}` means "the previous branch") and names git reads as options.
 */
export async function isValidBranchName(git: GitRunner, cwd: string, name: string): Promise<boolean> {
  if (name === '' || name === 'HEAD' || name.startsWith('-') || name.includes('@{') || name.includes('\0')) return false;
  const { code } = await git.run(['check-ref-format', '--branch', name], { cwd, readOnly: true, allowedExitCodes: [0, 1, 128] });
  return code === 0;
}
