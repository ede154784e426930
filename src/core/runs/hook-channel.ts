// Connects agent CLIs' own status reports (Claude/Gemini/Qwen hooks, Codex notify, OpenCode's
// plugin) to their runs: one Unix socket per app (0600, under the data folder), a relay script the
// CLIs call, and per-run listeners. The structured source outranks terminal notifications.
import { join } from 'node:path';
import { HookBridge, hookCommandPrefix, hookSocketPath, writeHookRelay, type RelayProgram } from '../agents/hook-bridge';
import type { CliId } from '../agents/cli-catalog';
import type { StatusSignal } from '../agents/status-sources';

export class HookChannel {
  private readonly listeners = new Map<string, (signal: StatusSignal) => void>();

  private constructor(
    private readonly bridge: HookBridge,
    private readonly socketPath: string,
    private readonly program: RelayProgram,
  ) {
    bridge.onEvent((event) => {
      if (event.signal) this.listeners.get(event.runId)?.(event.signal);
    });
  }

  /** Listens on the app's socket and writes the relay script; null (logged) when that is not possible. */
  static async open(dataDir: string, log: (message: string, err?: unknown) => void): Promise<HookChannel | null> {
    try {
      const socketPath = hookSocketPath(dataDir);
      const bridge = new HookBridge({ socketPath, log });
      await bridge.listen();
      const script = await writeHookRelay(join(dataDir, 'run'));
      return new HookChannel(bridge, socketPath, { node: process.execPath, script, electronRunAsNode: Boolean(process.versions.electron) });
    } catch (err) {
      log('agent hooks are unavailable; runs fall back to terminal notifications', err);
      return null;
    }
  }

  /** The command a CLI's hooks run to report on this run (the catalog appends the event). */
  commandFor(runId: string): string[] {
    return hookCommandPrefix(this.program, this.socketPath, runId);
  }

  register(runId: string, cli: CliId, prompt: string, onSignal: (signal: StatusSignal) => void): void {
    this.bridge.register(runId, { cli, initialPrompt: prompt });
    this.listeners.set(runId, onSignal);
  }

  unregister(runId: string): void {
    this.bridge.unregister(runId);
    this.listeners.delete(runId);
  }

  close(): Promise<void> {
    return this.bridge.close();
  }
}
