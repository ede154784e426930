// Turns of the built-in agent: runs the loop against the profile's endpoint in the run's worktree,
// renders it into the run's terminal stream, asks the user for approvals through the contract, and
// stores each turn's conversation and token usage. There is no PTY: the loop itself is the agent.
import { homedir } from 'node:os';
import type { Profile, Run } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { RunId } from '../../shared/ids';
import { buildSystemPrompt, createWorktreeToolHost, runAgentTurn, type ConversationItem, type SandboxStatus } from '../loop';
import type { ConnectionHub } from '../rpc/connection-hub';
import type { TurnsRepo } from '../store/turns-repo';
import type { TerminalStream } from '../terminals/terminal-stream';

export interface BuiltinRunsDeps {
  turns: TurnsRepo;
  hub: ConnectionHub;
  baseEnv: NodeJS.ProcessEnv;
  /** Detected once at start-up (bubblewrap on Linux). */
  sandbox: Promise<SandboxStatus>;
  /** Folders the agent's sandbox must not see (the app's data folder: other runs' worktrees). */
  hiddenPaths: string[];
  apiKeyOf: (profile: Profile) => string;
  patch: (runId: RunId, patch: Partial<Omit<Run, 'id' | 'threadId'>>) => Run;
  now: () => number;
}

interface PendingApproval {
  answer: (approved: boolean) => void;
  command: string;
  sandboxed: boolean;
}

interface ActiveTurn {
  controller: AbortController;
  approvals: Map<string, PendingApproval>;
}

export class BuiltinRuns {
  private readonly active = new Map<string, ActiveTurn>();

  constructor(private readonly deps: BuiltinRunsDeps) {}

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /** Runs one turn to its end; the run is 'running' during it and 'exited' 0 (its turn done) or 'failed' after. */
  async runTurn(run: Run, profile: Profile, req: { prompt: string; turnId: string; stream: TerminalStream; runEnv: Record<string, string> }): Promise<void> {
    const settings = profile.builtin;
    if (!settings) throw new AppError('INVALID_INPUT', 'Not a built-in agent profile.');
    if (this.active.has(run.id)) throw new AppError('INVALID_INPUT', 'The agent is still working on its last prompt; wait for it, or stop it.');
    const turn: ActiveTurn = { controller: new AbortController(), approvals: new Map() };
    this.active.set(run.id, turn);
    const { stream } = req;
    try {
      const startedAt = run.startedAt ?? this.deps.now();
      this.deps.patch(run.id, { status: 'running', startedAt, endedAt: null, exitCode: null, failure: null, stoppedByUser: false, activity: this.activity('working', null) });
      const sandbox = await this.deps.sandbox;
      const useSandbox = settings.sandbox && sandbox.available;
      if (settings.sandbox && !sandbox.available) stream.push(`\x1b[33m[switchyard] ${sandbox.reason ?? 'No sandbox is available.'}\x1b[0m\r\n`);
      const tools = await createWorktreeToolHost({
        worktree: run.worktreePath,
        baseEnv: this.deps.baseEnv,
        runEnv: req.runEnv,
        approval: settings.approval,
        approve: (request, signal) => this.askApproval(run.id, turn, request, signal),
        sandbox: useSandbox ? { bwrapPath: 'bwrap', network: settings.network, homeDir: homedir(), extraHiddenPaths: this.deps.hiddenPaths } : null,
      });
      const result = await runAgentTurn({
        config: { baseURL: settings.baseUrl, apiKey: this.deps.apiKeyOf(profile), model: settings.model, api: settings.api },
        history: this.deps.turns.itemsOfRun(run.id) as ConversationItem[],
        prompt: req.prompt,
        instructions: buildSystemPrompt({ worktree: run.worktreePath, sandboxed: useSandbox, network: settings.network }),
        tools,
        signal: turn.controller.signal,
        terminal: { write: (text) => stream.push(text) },
      });
      this.deps.turns.setResult(req.turnId, { items: result.items, ...result.usage, elapsedMs: result.elapsedMs });
      const before = run.usage ?? { inputTokens: 0, outputTokens: 0 };
      const usage = { inputTokens: before.inputTokens + result.usage.inputTokens, outputTokens: before.outputTokens + result.usage.outputTokens };
      const ended = { endedAt: this.deps.now(), usage, activity: null };
      if (result.status === 'failed') this.deps.patch(run.id, { ...ended, status: 'failed', failure: result.reason ?? 'The agent failed.' });
      else if (result.status === 'cancelled') this.deps.patch(run.id, { ...ended, status: 'exited', exitCode: 130, stoppedByUser: true });
      else this.deps.patch(run.id, { ...ended, status: 'exited', exitCode: 0 });
    } finally {
      stream.flush();
      this.active.delete(run.id);
    }
  }

  /** Cancels the run's turn (the HTTP stream and any running command); resolves at once. */
  stop(runId: string): void {
    this.active.get(runId)?.controller.abort();
  }

  approve(runId: RunId, callId: string, approved: boolean): void {
    const pending = this.active.get(runId)?.approvals.get(callId);
    if (!pending) throw new AppError('NOT_FOUND', 'No command of this run is waiting for approval.');
    pending.answer(approved);
  }

  /** The run's commands waiting for approval now (for a window that connected after they were asked). */
  pending(runId: string): Array<{ runId: string; callId: string; command: string; sandboxed: boolean }> {
    const approvals = this.active.get(runId)?.approvals;
    return approvals ? [...approvals].map(([callId, p]) => ({ runId, callId, command: p.command, sandboxed: p.sandboxed })) : [];
  }

  private askApproval(runId: RunId, turn: ActiveTurn, request: { callId: string; command: string; sandboxed: boolean }, signal: AbortSignal): Promise<boolean> {
    this.deps.patch(runId, { activity: this.activity('needs-input', `Approve: ${request.command.slice(0, 200)}`) });
    this.deps.hub.emit('runs.approvalRequested', { runId, callId: request.callId, command: request.command, sandboxed: request.sandboxed });
    return new Promise<boolean>((resolve) => {
      const answer = (approved: boolean) => {
        turn.approvals.delete(request.callId);
        this.deps.patch(runId, { activity: this.activity('working', null) });
        resolve(approved);
      };
      turn.approvals.set(request.callId, { answer, command: request.command, sandboxed: request.sandboxed });
      signal.addEventListener('abort', () => answer(false), { once: true });
    });
  }

  private activity(state: 'working' | 'needs-input', detail: string | null): Run['activity'] {
    return { state, source: 'loop', guess: false, detail, since: this.deps.now() };
  }
}
