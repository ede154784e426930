// The built-in agent's turn: stream the model's answer, run the tools it calls, feed the results back, and repeat
// until it answers without a tool call, the step limit is hit, the server fails, or the caller cancels.
// Emits structured events, renders the conversation into a terminal sink, and never throws.
import { LoopLimits } from './loop-constants';
import type {
  AgentTurnResult,
  ConversationItem,
  LoopEvent,
  ModelConfig,
  TerminalSink,
  TokenUsage,
  ToolCall,
  ToolHost,
  ToolOutcome,
  TurnStatus,
} from './loop-types';
import { maskKey } from './model-errors';
import { baseUrlProblem, ModelSession } from './model-step';
import { TurnRenderer } from './terminal-renderer';

export interface AgentTurnOptions {
  config: ModelConfig;
  /** The structured items of earlier turns, oldest first (empty for the first turn). */
  history: readonly ConversationItem[];
  prompt: string;
  /** Standing instructions (see buildSystemPrompt). */
  instructions: string;
  tools: ToolHost;
  /** Cancels the turn: aborts the model's HTTP stream and stops a running command. */
  signal?: AbortSignal;
  /** Every event, in order; a listener that throws is ignored so it cannot break the turn. */
  onEvent?: (event: LoopEvent) => void;
  /** Where the readable rendering goes (the run's terminal stream). */
  terminal?: TerminalSink;
  now?: () => number;
}

/** Result of a tool call that never ran because the turn was cancelled first: every call must have an answer. */
const NOT_RUN_OUTPUT = 'Not run: the user cancelled the turn before this call.';

/** Runs one turn to its end. Resolves with the result (also sent as the 'done' event); never rejects. */
export async function runAgentTurn(opts: AgentTurnOptions): Promise<AgentTurnResult> {
  const turn = new Turn(opts);
  let result: AgentTurnResult;
  try {
    result = await turn.run();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    result = turn.end('failed', maskKey(`The agent stopped on an unexpected error: ${message}`, opts.config.apiKey));
  }
  if (result.status === 'failed' && result.reason) turn.emit({ type: 'error', reason: result.reason });
  turn.emit({ type: 'done', result });
  turn.render.turnEnd(result);
  return result;
}

class Turn {
  readonly render: TurnRenderer;
  private readonly items: ConversationItem[] = [];
  private readonly usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  private usageComplete = true;
  private steps = 0;
  private finalText = '';
  private readonly started: number;
  private readonly now: () => number;
  private readonly signal: AbortSignal;
  /** Made in run(), inside runAgentTurn's catch, so even a client that cannot be built ends as a result. */
  private session: ModelSession | null = null;

  constructor(private readonly opts: AgentTurnOptions) {
    this.now = opts.now ?? Date.now;
    this.started = this.now();
    this.signal = opts.signal ?? new AbortController().signal;
    this.render = new TurnRenderer(opts.terminal ?? { write: () => undefined });
  }

  async run(): Promise<AgentTurnResult> {
    this.items.push({ kind: 'user', text: this.opts.prompt });
    this.render.userPrompt(this.opts.prompt);
    const problem = baseUrlProblem(this.opts.config.baseURL);
    if (problem) return this.end('failed', problem);
    const session = new ModelSession(this.opts.config);
    this.session = session;
    const maxSteps = this.opts.config.maxSteps ?? LoopLimits.defaultMaxSteps;
    for (;;) {
      if (this.signal.aborted) return this.end('cancelled', 'Cancelled by the user.');
      if (this.steps >= maxSteps) {
        return this.end('max-steps', `Stopped after ${maxSteps} model requests, the limit for one turn; send a follow-up to let the agent continue.`);
      }
      this.steps++;
      this.emit({ type: 'step-start', step: this.steps });
      let partial = '';
      const result = await session.step(
        {
          model: this.opts.config.model,
          instructions: this.opts.instructions,
          items: [...this.opts.history, ...this.items],
          tools: this.opts.tools.definitions,
          onTextDelta: (text) => {
            partial += text;
            this.emit({ type: 'assistant-text-delta', text });
            this.render.assistantDelta(text);
          },
        },
        this.signal,
      );
      if (result.kind !== 'answer') {
        // Keep what was already shown, so the stored conversation matches the terminal.
        if (partial !== '') this.items.push({ kind: 'assistant', text: partial });
        if (result.kind === 'cancelled') return this.end('cancelled', 'Cancelled by the user while the model was answering.');
        return this.end('failed', result.reason);
      }
      const { outcome } = result;
      this.addUsage(outcome.usage);
      this.emit({ type: 'usage', step: this.steps, usage: outcome.usage });
      if (outcome.text !== '') {
        this.items.push({ kind: 'assistant', text: outcome.text });
        this.finalText = outcome.text;
      }
      if (outcome.toolCalls.length === 0) return this.end('completed');
      const cancelled = await this.runTools(outcome.toolCalls);
      if (cancelled) return this.end('cancelled', 'Cancelled by the user while a tool was running.');
    }
  }

  /** Runs the calls in order; true when the turn was cancelled (every call still gets a result item). */
  private async runTools(calls: ToolCall[]): Promise<boolean> {
    for (const call of calls) this.items.push({ kind: 'tool-call', callId: call.callId, name: call.name, arguments: call.arguments });
    let cancelled = false;
    for (const call of calls) {
      this.emit({ type: 'tool-call', callId: call.callId, name: call.name, arguments: call.arguments });
      this.render.toolCall(call);
      const outcome: ToolOutcome = cancelled || this.signal.aborted ? { output: NOT_RUN_OUTPUT, isError: true, cancelled: true } : await this.execute(call);
      if (outcome.cancelled || this.signal.aborted) cancelled = true;
      this.items.push({ kind: 'tool-result', callId: call.callId, name: call.name, output: outcome.output, isError: outcome.isError });
      this.emit({ type: 'tool-result', callId: call.callId, name: call.name, output: outcome.output, isError: outcome.isError });
      this.render.toolResult(call, outcome);
    }
    return cancelled;
  }

  private async execute(call: ToolCall): Promise<ToolOutcome> {
    try {
      return await this.opts.tools.execute(call, {
        signal: this.signal,
        output: (text) => {
          this.emit({ type: 'tool-output', callId: call.callId, text });
          this.render.toolOutput(call.callId, text);
        },
      });
    } catch (err) {
      // ToolHost promises never to throw; if one does, the model hears about it instead of the turn dying.
      const message = err instanceof Error ? err.message : String(err);
      return { output: `The tool failed unexpectedly: ${message}`, isError: true };
    }
  }

  private addUsage(usage: TokenUsage | null): void {
    if (!usage) {
      this.usageComplete = false;
      return;
    }
    this.usage.inputTokens += usage.inputTokens;
    this.usage.outputTokens += usage.outputTokens;
  }

  end(status: TurnStatus, reason?: string): AgentTurnResult {
    if (reason && status !== 'completed') this.render.error(reason);
    return {
      status,
      ...(reason ? { reason } : {}),
      items: this.items,
      finalText: this.finalText,
      usage: { ...this.usage },
      usageComplete: this.usageComplete,
      steps: this.steps,
      elapsedMs: this.now() - this.started,
      api: this.session?.settledApi ?? null,
    };
  }

  emit(event: LoopEvent): void {
    try {
      this.opts.onEvent?.(event);
    } catch {
      // A listener's bug must not end the turn; the event is still rendered and stored.
    }
  }
}
