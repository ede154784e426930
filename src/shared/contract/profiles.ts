// Agent profiles: what a run executes in its PTY. Foundation kinds: the user's shell and command templates.
import { z } from 'zod';
import { call, nulFreeString } from './define';
import { ProfileId } from '../ids';

export const ProfileKind = z.enum(['shell', 'command', 'cli', 'builtin']);

/** The agent CLIs Switchyard knows how to start, resume and read status from. */
export const CliId = z.enum(['codex', 'claude', 'gemini', 'opencode', 'aider', 'copilot', 'qwen']);
export type CliId = z.infer<typeof CliId>;

export const CliAvailability = z.object({
  id: CliId,
  name: z.string(),
  available: z.boolean(),
  version: z.string().nullable(),
  path: z.string().nullable(),
  /** Why it is unavailable, in one sentence; null when available. */
  problem: z.string().nullable(),
  installHint: z.string(),
  docsUrl: z.string(),
});
export type CliAvailability = z.infer<typeof CliAvailability>;
export type ProfileKind = z.infer<typeof ProfileKind>;

/** The built-in agent's settings. The API key itself never crosses the contract. */
export const BuiltinSettings = z.object({
  /** An OpenAI-compatible endpoint: OpenAI, Azure, a local Ollama, vLLM or LM Studio. */
  baseUrl: nulFreeString()
    .url('enter the endpoint as a URL, e.g. https://api.openai.com/v1')
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u), 'the endpoint must be an http:// or https:// URL'),
  model: nulFreeString().trim().min(1, 'enter a model name').max(200),
  /** 'auto' tries the Responses API and falls back to Chat Completions. */
  api: z.enum(['auto', 'responses', 'chat']),
  /** 'ask': every shell command waits for the user's approval on the run's card. */
  approval: z.enum(['auto', 'ask']),
  /** Run the agent's commands in bubblewrap (Linux), with the worktree writable and .git read-only. */
  sandbox: z.boolean(),
  /** Allow network access inside the sandbox. */
  network: z.boolean(),
  /** The environment variable of the app that holds the key (never passed to any child process). */
  apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'a variable name such as OPENAI_API_KEY').max(100),
  /**
   * What the model costs per million tokens (in the user's currency, shown as $), to estimate each
   * run's cost from its token usage; absent or null: unknown, and the board shows tokens only.
   */
  price: z
    .object({ inputPerMTok: z.number().nonnegative().max(100_000), outputPerMTok: z.number().nonnegative().max(100_000) })
    .strict()
    .nullable()
    .optional(),
});
export type BuiltinSettings = z.infer<typeof BuiltinSettings>;

export const Profile = z.object({
  id: ProfileId,
  name: z.string(),
  kind: ProfileKind,
  /** For 'command': the argv template; an entry may contain `{prompt}`. Empty for 'shell'. */
  argv: z.array(z.string()),
  builtIn: z.boolean(),
  /** For 'cli': which agent CLI. */
  cliId: CliId.nullable(),
  /** For 'builtin': its settings, whether a key is available, and whether one is stored in the keychain. */
  builtin: BuiltinSettings.extend({ hasApiKey: z.boolean(), keyStored: z.boolean() }).nullable(),
});
export type Profile = z.infer<typeof Profile>;

export const profilesContract = {
  /** Every profile: the built-in ones first, then the user's command templates. */
  'profiles.list': call(z.object({}).strict(), z.array(Profile)),
  /**
   * Saves a command template. `commandLine` is split like a shell would split words (quotes respected)
   * but never run through a shell; `{prompt}` anywhere in a word is replaced by the thread's prompt.
   */
  'profiles.saveCommand': call(
    z
      .object({
        id: ProfileId.optional(),
        name: nulFreeString().trim().min(1, 'give the profile a name').max(80),
        commandLine: nulFreeString().trim().min(1, 'enter a command').max(8000),
      })
      .strict(),
    Profile,
  ),
  /** Saves a built-in agent profile (an OpenAI-compatible endpoint and model). */
  'profiles.saveBuiltin': call(
    BuiltinSettings.extend({
      id: ProfileId.optional(),
      name: nulFreeString().trim().min(1, 'give the profile a name').max(80),
      /**
       * Write-only: stored encrypted with the OS keychain (desktop app only); it takes precedence over
       * apiKeyEnv. An empty string removes a stored key. Never returned by any call.
       */
      apiKey: nulFreeString().max(4096).optional(),
    }).strict(),
    Profile,
  ),
  /** Asks the built-in agent's endpoint for its models: says whether the URL and key work. */
  'profiles.testConnection': call(z.object({ id: ProfileId }).strict(), z.object({ ok: z.boolean(), message: z.string() })),
  /** Which agent CLIs are installed (on PATH, with version) and how to install the others. */
  'profiles.detectClis': call(z.object({ force: z.boolean().optional() }).strict(), z.array(CliAvailability)),
  /** Deletes a user command template (built-in profiles cannot be deleted). */
  'profiles.delete': call(z.object({ id: ProfileId }).strict(), z.object({ deleted: z.boolean() })),
} as const;
