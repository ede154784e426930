// The one filter every child environment goes through (agents and shells: agents/child-env.ts; git:
// git/git-env.ts): keep only the variables a caller allows by name, plus the locale categories, and
// never a name that looks like a secret, whatever the list says.

/** Locale categories: LC_ALL, LC_CTYPE, LC_MESSAGES, … */
const LOCALE_PATTERN = /^LC_[A-Z]+$/;

/** Names that look like secrets are dropped even if an allowlist ever grows to match them. */
const SECRET_PATTERN = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$|^(AWS|GITHUB|GH|NPM|OPENAI|ANTHROPIC)_/i;

/**
 * The variables of `base` whose name is in `names` or is a locale category, and does not look like a
 * secret. With `caseInsensitive`, a name is checked upper-cased (Windows spells some names its own way,
 * Path, and its environment ignores case); the copy keeps the name as `base` spells it.
 */
export function pickAllowed(base: NodeJS.ProcessEnv, names: ReadonlySet<string>, caseInsensitive = false): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    const key = caseInsensitive ? name.toUpperCase() : name;
    if (value === undefined || !(names.has(key) || LOCALE_PATTERN.test(key)) || SECRET_PATTERN.test(key)) continue;
    env[name] = value;
  }
  return env;
}
