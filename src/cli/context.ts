// What every command gets from the entry point: where to write, the version, the environment, the
// working folder, stdin, and a way to hear Ctrl-C while it runs.
import type { Output } from './output';

export interface CommandContext {
  readonly io: Output;
  readonly version: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Reads all of standard input (for a prompt given as `-`). */
  readStdin(): Promise<string>;
  /**
   * Calls `handler` on the first Ctrl-C (SIGINT) or SIGTERM while the command runs, instead of the
   * default of exiting at once; a second one exits at once. Returns a function that unregisters it.
   */
  onInterrupt(handler: (signal: 'SIGINT' | 'SIGTERM') => void): () => void;
}
