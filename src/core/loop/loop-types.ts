// The public shapes of the built-in agent: its configuration, the structured conversation stored as turns,
// the events a turn emits, its result, and the ToolHost seam between the loop and the worktree tools.
// Types only: no logic, no imports of the openai package (its wire shapes stay inside the protocol modules).

/**
 * Which OpenAI-compatible API to speak:
 * - 'responses': POST /responses (OpenAI, Azure, vLLM, LM Studio >= 0.3.29, Ollama >= 0.13.3).
 * - 'chat': POST /chat/completions, which every OpenAI-compatible server speaks.
 * - 'auto': Responses first; if the server answers 400, 404, 405 or 501 to /responses (it does not have the
 *   endpoint, or rejects its request shape), Chat Completions for the rest of the turn. The turn's result names
 *   the API that worked (`api`), so the caller can pass it explicitly next time and skip the probe.
 */
export type ModelApi = 'responses' | 'chat' | 'auto';

export interface ModelConfig {
  /** e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 */
  baseURL: string;
  /**
   * The key, sent only as the Authorization header to `baseURL`. Empty for local servers that need none (a
   * placeholder is sent then); never read from the environment here, and never passed to a child process.
   */
  apiKey: string;
  model: string;
  api: ModelApi;
  /** Longest silence of the model server in ms (LoopLimits.defaultTimeoutMs when absent). */
  timeoutMs?: number;
  /** Model requests per turn (LoopLimits.defaultMaxSteps when absent). */
  maxSteps?: number;
  /** Retries of a request on transient errors (LoopLimits.defaultMaxRetries when absent). */
  maxRetries?: number;
}

/**
 * One item of the structured conversation, in order. A turn's items are what the caller stores (as JSON) and
 * hands back as `history` for the next turn. Tool calls keep the model's raw JSON arguments.
 */
export type ConversationItem =
  | { kind: 'user'; text: string }
  | { kind: 'assistant'; text: string }
  | { kind: 'tool-call'; callId: string; name: string; arguments: string }
  | { kind: 'tool-result'; callId: string; name: string; output: string; isError: boolean };

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** Events of one turn, in order. Exactly one 'done' comes last; a failure sends 'error' just before it. */
export type LoopEvent =
  /** A model request begins (1-based). */
  | { type: 'step-start'; step: number }
  | { type: 'assistant-text-delta'; text: string }
  | { type: 'tool-call'; callId: string; name: string; arguments: string }
  /** A command's live output chunk, for display only: the model gets the capped output in 'tool-result'. */
  | { type: 'tool-output'; callId: string; text: string }
  | { type: 'tool-result'; callId: string; name: string; output: string; isError: boolean }
  /** Usage of one model request (a step); the result carries the turn's total. */
  | { type: 'usage'; step: number; usage: TokenUsage | null }
  | { type: 'error'; reason: string }
  | { type: 'done'; result: AgentTurnResult };

/**
 * How a turn ended:
 * - 'completed': the model answered without calling a tool.
 * - 'max-steps': the step limit was reached while the model still called tools; the work so far is kept and a
 *   follow-up turn ("continue") resumes it. Suggested run status: done, with `reason` shown.
 * - 'failed': the model server failed (HTTP error, timeout, garbage, connection refused); `reason` says why.
 * - 'cancelled': the caller's AbortSignal fired; the HTTP stream and any running command were stopped.
 */
export type TurnStatus = 'completed' | 'max-steps' | 'failed' | 'cancelled';

export interface AgentTurnResult {
  status: TurnStatus;
  /** One sentence for every status but 'completed'. */
  reason?: string;
  /** This turn's items (the user prompt first), to store and to pass as history next time. */
  items: ConversationItem[];
  /** The model's last text (the answer, when completed). */
  finalText: string;
  /** Summed over the turn's requests that reported usage; `usageComplete` is false when one did not. */
  usage: TokenUsage;
  usageComplete: boolean;
  /** Model requests made. */
  steps: number;
  elapsedMs: number;
  /**
   * The API in use at the end: the configured one, or what 'auto' settled on (null when 'auto' never got an
   * answer). Store it and pass it as `api` next turn to skip the probe.
   */
  api: 'responses' | 'chat' | null;
}

/** A tool the model may call: a JSON Schema for its arguments, sent with every request. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ToolCall {
  callId: string;
  name: string;
  /** The model's arguments as it sent them: a JSON text that may be malformed. */
  arguments: string;
}

export interface ToolContext {
  /** Fires on cancel: a running command is stopped, a pending approval abandoned. */
  signal: AbortSignal;
  /** Live output (a command's stdout/stderr as it arrives), shown in the terminal. */
  output(text: string): void;
}

export interface ToolOutcome {
  /** What the model reads. */
  output: string;
  /** A refusal, a failure or a non-zero exit: shown red, told to the model as an error. */
  isError: boolean;
  /** The tool stopped because ctx.signal fired. */
  cancelled?: boolean;
  /** One line for the terminal instead of a preview of `output` (e.g. "exit 0 · 1.2 s"). */
  summary?: string;
}

/** What the loop needs from the worktree tools; tests may supply their own. Never throws from execute. */
export interface ToolHost {
  readonly definitions: readonly ToolDefinition[];
  execute(call: ToolCall, ctx: ToolContext): Promise<ToolOutcome>;
}

/** Where the readable rendering of the conversation goes (the run's terminal stream). */
export interface TerminalSink {
  write(text: string): void;
}
