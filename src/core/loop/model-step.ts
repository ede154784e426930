// One model request of the agent loop, over whichever API the config names: the openai client, the 'auto' fallback
// from the Responses API to Chat Completions, an idle timeout on the stream, and every failure worded as a sentence.
// Never throws: a step ends as an outcome, a failure with its reason, or cancelled.
import OpenAI from 'openai';
import { streamChatStep } from './chat-protocol';
import { LoopLimits } from './loop-constants';
import type { ConversationItem, ModelConfig, TokenUsage, ToolCall, ToolDefinition } from './loop-types';
import { describeModelError, isResponsesUnsupported } from './model-errors';
import { streamResponsesStep } from './responses-protocol';

/** What a protocol module needs for one streamed request. */
export interface StepRequest {
  model: string;
  instructions: string;
  items: readonly ConversationItem[];
  tools: readonly ToolDefinition[];
  /** Aborts the HTTP request and its stream (cancel or idle timeout). */
  signal: AbortSignal;
  onTextDelta(text: string): void;
  /** Something arrived from the server: the idle timer starts again. */
  onActivity(): void;
}

export interface StepOutcome {
  text: string;
  toolCalls: ToolCall[];
  usage: TokenUsage | null;
}

export type StepResult =
  | { kind: 'answer'; api: 'responses' | 'chat'; outcome: StepOutcome }
  | { kind: 'failed'; reason: string }
  | { kind: 'cancelled' };

/** The Authorization value sent when the user configured no key (local servers ignore it; the package needs one). */
const NO_KEY_PLACEHOLDER = 'no-key';

/** A sentence when `baseURL` cannot be a model server's address (checked before any request), else null. */
export function baseUrlProblem(baseURL: string): string | null {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return `The model server address "${baseURL}" is not a valid URL (expected something like http://127.0.0.1:11434/v1).`;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? null : `The model server address must start with http:// or https://, not ${url.protocol}//.`;
}

/** One client per turn, remembering what 'auto' settled on. */
export class ModelSession {
  private readonly client: OpenAI;
  private api: ModelConfig['api'];
  private readonly timeoutMs: number;

  constructor(private readonly config: ModelConfig) {
    this.api = config.api;
    this.timeoutMs = config.timeoutMs ?? LoopLimits.defaultTimeoutMs;
    this.client = new OpenAI({
      // Everything explicit, so the package never falls back to OPENAI_* variables of the app's environment (which
      // would send the user's OpenAI key or organization to a third-party server).
      apiKey: config.apiKey === '' ? NO_KEY_PLACEHOLDER : config.apiKey,
      adminAPIKey: null,
      organization: null,
      project: null,
      baseURL: config.baseURL,
      maxRetries: config.maxRetries ?? LoopLimits.defaultMaxRetries,
      timeout: this.timeoutMs + LoopLimits.clientTimeoutMarginMs,
      logLevel: 'off',
    });
  }

  /** The API that answered last, or the configured one when it is explicit; null while 'auto' is undecided. */
  get settledApi(): 'responses' | 'chat' | null {
    return this.api === 'auto' ? null : this.api;
  }

  async step(req: Omit<StepRequest, 'signal' | 'onActivity'>, signal: AbortSignal): Promise<StepResult> {
    const api = this.api === 'auto' ? 'responses' : this.api;
    const first = await this.attempt(api, req, signal);
    if (first.kind === 'error' && this.api === 'auto' && isResponsesUnsupported(first.error)) {
      // The server has no usable /responses: Chat Completions from now on (see ModelApi 'auto').
      this.api = 'chat';
      return this.settle('chat', await this.attempt('chat', req, signal));
    }
    return this.settle(api, first);
  }

  private settle(api: 'responses' | 'chat', attempt: Attempt): StepResult {
    if (attempt.kind === 'ok') {
      this.api = api;
      return { kind: 'answer', api, outcome: attempt.outcome };
    }
    if (attempt.kind === 'cancelled') return { kind: 'cancelled' };
    if (attempt.kind === 'idle') {
      return { kind: 'failed', reason: `The model server sent nothing for ${formatSeconds(this.timeoutMs)} s (the time limit), so the turn was stopped.` };
    }
    return { kind: 'failed', reason: describeModelError(attempt.error, { ...this.config, answering: attempt.answering }) };
  }

  private async attempt(api: 'responses' | 'chat', req: Omit<StepRequest, 'signal' | 'onActivity'>, signal: AbortSignal): Promise<Attempt> {
    const idle = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const restart = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(new Error('idle timeout')), this.timeoutMs);
    };
    const combined = AbortSignal.any([signal, idle.signal]);
    let answering = false;
    restart();
    try {
      const onActivity = (): void => {
        answering = true;
        restart();
      };
      const full: StepRequest = { ...req, signal: combined, onActivity };
      const outcome = api === 'responses' ? await streamResponsesStep(this.client, full) : await streamChatStep(this.client, full);
      return { kind: 'ok', outcome };
    } catch (error) {
      if (signal.aborted) return { kind: 'cancelled' };
      if (idle.signal.aborted) return { kind: 'idle' };
      return { kind: 'error', error, answering };
    } finally {
      clearTimeout(timer);
    }
  }
}

type Attempt =
  | { kind: 'ok'; outcome: StepOutcome }
  /** `answering`: the server had started its answer (headers received) when it failed. */
  | { kind: 'error'; error: unknown; answering: boolean }
  | { kind: 'idle' }
  | { kind: 'cancelled' };

function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
