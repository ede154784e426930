// App-level calls: what this core is and what its platform can do.
import { z } from 'zod';
import { call } from './define';
import { CliAvailability } from './profiles';

export const AppInfo = z.object({
  version: z.string(),
  /** 'desktop' inside Electron, 'headless' when served to a browser. */
  shell: z.enum(['desktop', 'headless']),
  platform: z.string(),
  dataDir: z.string(),
  gitVersion: z.string().nullable(),
  /** A native folder picker exists (Electron only). */
  canPickFolder: z.boolean(),
  /** Keys can be saved encrypted with the OS keychain (desktop app); otherwise they come from the environment. */
  canStoreSecrets: z.boolean(),
  /** `runs.openIn` can open a worktree in the user's editor (desktop app only). */
  canOpenInEditor: z.boolean(),
  /** `runs.openIn` can open a terminal window in a worktree (desktop app only). */
  canOpenTerminal: z.boolean(),
  /** Whether the built-in agent's commands can run in bubblewrap here, and why not. */
  sandbox: z.object({ available: z.boolean(), reason: z.string().nullable() }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Drift = z.object({
  runId: z.string().nullable(),
  kind: z.enum(['worktree-missing', 'not-registered', 'unknown-worktree-in-root', 'branch-missing', 'repo-missing']),
  path: z.string(),
  repoPath: z.string().nullable(),
  /** One sentence for the user. */
  message: z.string(),
});
export type Drift = z.infer<typeof Drift>;

/** A local OpenAI-compatible server probed on its usual port, or a configured loopback endpoint. */
export const LocalEndpoint = z.object({
  /** e.g. "Ollama", "LM Studio", or the name of the built-in agent profile that points there. */
  name: z.string(),
  baseUrl: z.string(),
  /** It answered GET <baseUrl>/models. */
  reachable: z.boolean(),
  /** The model ids it listed (at most a few dozen). */
  models: z.array(z.string()),
  /** Why it is not usable, in a few words ("nothing is listening"); null when it answered. */
  problem: z.string().nullable(),
});
export type LocalEndpoint = z.infer<typeof LocalEndpoint>;

/** What the built-in agent could talk to. Keys never cross the contract: only whether one is set. */
export const EndpointStatus = z.object({
  /** The app's environment has OPENAI_API_KEY (its value is never returned). */
  openaiKeySet: z.boolean(),
  /** Built-in agent profiles already saved, and whether each has a key (stored or from its variable). */
  configured: z.array(z.object({ profileId: z.string(), name: z.string(), baseUrl: z.string(), hasApiKey: z.boolean(), keyStored: z.boolean() })),
  /** Local servers on their usual ports (and configured loopback endpoints), which answered. */
  local: z.array(LocalEndpoint),
  /** At least one way to use the built-in agent was found. */
  ready: z.boolean(),
});
export type EndpointStatus = z.infer<typeof EndpointStatus>;

/** The first-run checklist: git, the agent CLIs, an OpenAI-compatible endpoint. */
export const FirstRunChecks = z.object({
  git: z.object({ ok: z.boolean(), version: z.string().nullable(), problem: z.string().nullable() }),
  clis: z.array(CliAvailability),
  endpoint: EndpointStatus,
});
export type FirstRunChecks = z.infer<typeof FirstRunChecks>;

export const appContract = {
  /** Version, shell kind, data folder and platform capabilities. */
  'app.info': call(z.object({}).strict(), AppInfo),
  /**
   * What start-up found out of step between Switchyard's records and `git worktree list`: reported
   * for the user to decide, never deleted or recreated by Switchyard.
   */
  'app.drift': call(z.object({}).strict(), z.array(Drift)),
  /**
   * The first-run checklist: whether git is usable, which agent CLIs are installed (with how to
   * install the others), and whether an OpenAI-compatible endpoint is available for the built-in
   * agent (OPENAI_API_KEY set, a saved profile, or a local server answering on its usual port).
   * `force` detects the CLIs again instead of using the last minute's answer.
   */
  'app.firstRunChecks': call(z.object({ force: z.boolean().optional() }).strict(), FirstRunChecks),
} as const;
