// App-level calls: what this core is and what its platform can do.
import { z } from 'zod';
import { call } from './define';

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

export const appContract = {
  /** Version, shell kind, data folder and platform capabilities. */
  'app.info': call(z.object({}).strict(), AppInfo),
  /**
   * What start-up found out of step between Switchyard's records and `git worktree list`: reported
   * for the user to decide, never deleted or recreated by Switchyard.
   */
  'app.drift': call(z.object({}).strict(), z.array(Drift)),
} as const;
