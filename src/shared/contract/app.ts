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

export const appContract = {
  /** Version, shell kind, data folder and platform capabilities. */
  'app.info': call(z.object({}).strict(), AppInfo),
} as const;
