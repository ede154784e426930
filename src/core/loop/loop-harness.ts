// Test harness for whole agent turns: a fresh worktree per test, the scripted model server, the real worktree tool
// host (sandboxed when bwrap works here) and runAgentTurn with every event and the terminal text collected.
import { randomUUID } from 'node:crypto';
import { startScriptedModelServer, type ScriptedModelServer, type ScriptStep } from '../../../test/fixtures/scripted-model-server';
import { runAgentTurn, type AgentTurnOptions } from './agent-loop';
import { makeTestWorktree, type TestWorktree } from './loop-test-support';
import type { AgentTurnResult, LoopEvent, ModelApi } from './loop-types';
import { detectSandbox, type SandboxPolicy } from './sandbox';
import { buildSystemPrompt } from './system-prompt';
import { createWorktreeToolHost, type WorktreeToolHostOptions } from './tools/tool-host';

export interface TurnRecord {
  result: AgentTurnResult;
  events: LoopEvent[];
  terminal: string;
}

export type TurnOptions = {
  api?: ModelApi;
  endpoints?: { responses?: boolean; chat?: boolean };
  config?: Partial<AgentTurnOptions['config']>;
  tools?: Partial<WorktreeToolHostOptions>;
} & Partial<Pick<AgentTurnOptions, 'signal' | 'history' | 'onEvent'>>;

export class LoopHarness {
  /** The key configured for the model; also planted as OPENAI_API_KEY in the app environment the tools see. */
  readonly apiKey = `sk-loop-${randomUUID()}`;
  server: ScriptedModelServer | null = null;
  wt!: TestWorktree;
  sandbox: SandboxPolicy | null = null;

  /** Once per file: whether commands can run in bwrap here. */
  async detect(): Promise<void> {
    const status = await detectSandbox();
    this.sandbox = status.available ? { bwrapPath: 'bwrap', network: false, homeDir: process.env.HOME ?? '/root' } : null;
  }

  async setup(): Promise<void> {
    this.wt = await makeTestWorktree();
  }

  async teardown(): Promise<void> {
    await this.closeServer();
    await this.wt.cleanup();
  }

  async closeServer(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }

  /** One turn against `script` (a server is started unless one is running), prompt "Make the change.". */
  async turn(script: ScriptStep[], opts: TurnOptions = {}): Promise<TurnRecord> {
    this.server ??= await startScriptedModelServer({ script, ...(opts.endpoints ? { endpoints: opts.endpoints } : {}) });
    const tools = await createWorktreeToolHost({
      worktree: this.wt.worktree,
      baseEnv: { ...process.env, OPENAI_API_KEY: this.apiKey },
      approval: 'auto',
      sandbox: this.sandbox,
      killGraceMs: 300,
      ...opts.tools,
    });
    const events: LoopEvent[] = [];
    let terminal = '';
    const result = await runAgentTurn({
      config: { baseURL: this.server.baseURL, apiKey: this.apiKey, model: 'scripted-model', api: opts.api ?? 'responses', maxRetries: 0, timeoutMs: 5_000, ...opts.config },
      history: opts.history ?? [],
      prompt: 'Make the change.',
      instructions: buildSystemPrompt({ worktree: this.wt.worktree, sandboxed: this.sandbox !== null, network: false }),
      tools,
      ...(opts.signal ? { signal: opts.signal } : {}),
      onEvent: (e) => {
        events.push(e);
        opts.onEvent?.(e);
      },
      terminal: { write: (t) => (terminal += t) },
    });
    return { result, events, terminal };
  }
}

const PATCH = 'diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n # test repository\n+Patched by the agent.\n';

/** Write a file, run a command, apply a patch, finish: 880 input and 97 output tokens in all. */
export function multiStepScript(): ScriptStep[] {
  return [
    { kind: 'reply', text: 'I will add the file first.', toolCalls: [{ name: 'write_file', arguments: { path: 'src/hello.txt', content: 'hello\n' } }], usage: { input: 120, output: 30 } },
    { kind: 'reply', toolCalls: [{ name: 'run_command', arguments: { command: 'cat src/hello.txt && echo checked > out.txt' } }], usage: { input: 200, output: 15 } },
    { kind: 'reply', toolCalls: [{ name: 'apply_patch', arguments: { patch: PATCH } }], usage: { input: 260, output: 40 } },
    { kind: 'reply', text: 'All done: added src/hello.txt and patched the README.', usage: { input: 300, output: 12 } },
  ];
}
