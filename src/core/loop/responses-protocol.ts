// One model step over the Responses API (POST /responses, stream: true): builds the request from the structured
// conversation and folds the event stream into text, tool calls and usage.
// Stateless on purpose (`store: false`, the whole conversation sent each time): OpenAI-compatible servers (Ollama,
// vLLM, LM Studio) support only stateless Responses, and nothing of the user's code is kept on a server.
import type OpenAI from 'openai';
import type { ResponseInputItem, ResponseOutputItem, ResponseStreamEvent, Tool } from 'openai/resources/responses/responses';
import type { ConversationItem, ToolCall } from './loop-types';
import { ModelStepError } from './model-errors';
import type { StepOutcome, StepRequest } from './model-step';

/**
 * The conversation as Responses input items. Function calls are replayed without their server item `id`: with
 * `store: false` an id would refer to a reasoning item the server no longer has, and OpenAI rejects a function
 * call whose reasoning item is missing; without the id it is a plain client-supplied call and is accepted.
 */
export function toResponsesInput(items: readonly ConversationItem[]): ResponseInputItem[] {
  return items.map((item): ResponseInputItem => {
    switch (item.kind) {
      case 'user':
        return { role: 'user', content: item.text };
      case 'assistant':
        return { role: 'assistant', content: item.text };
      case 'tool-call':
        return { type: 'function_call', call_id: item.callId, name: item.name, arguments: item.arguments };
      case 'tool-result':
        return { type: 'function_call_output', call_id: item.callId, output: item.output };
    }
  });
}

/** Streams one answer; resolves with what the model said and called, or throws (APIError, ModelStepError, abort). */
export async function streamResponsesStep(client: OpenAI, req: StepRequest): Promise<StepOutcome> {
  const tools: Tool[] = req.tools.map((t) => ({ type: 'function', name: t.name, description: t.description, parameters: t.parameters, strict: false }));
  const stream = await client.responses.create(
    { model: req.model, instructions: req.instructions, input: toResponsesInput(req.items), tools, stream: true, store: false },
    { signal: req.signal },
  );
  req.onActivity();
  const fold = new ResponsesFold(req.onTextDelta);
  for await (const event of stream) {
    req.onActivity();
    fold.accept(event);
  }
  req.signal.throwIfAborted();
  return fold.finish();
}

/** Accumulates one streamed response. Exported for unit tests of odd servers. */
export class ResponsesFold {
  private text = '';
  private streamedText = false;
  private readonly calls: ToolCall[] = [];
  private finalOutput: ResponseOutputItem[] | null = null;
  private usage: StepOutcome['usage'] = null;
  private completed = false;

  constructor(private readonly onTextDelta: (text: string) => void) {}

  accept(event: ResponseStreamEvent): void {
    switch (event.type) {
      case 'response.output_text.delta':
        if (event.delta) {
          this.text += event.delta;
          this.streamedText = true;
          this.onTextDelta(event.delta);
        }
        return;
      case 'response.output_item.done':
        this.collectCall(event.item);
        if (!this.streamedText) this.collectText(event.item);
        return;
      case 'response.completed': {
        this.completed = true;
        this.finalOutput = event.response.output ?? null;
        const u = event.response.usage;
        this.usage = u ? { inputTokens: u.input_tokens ?? 0, outputTokens: u.output_tokens ?? 0 } : null;
        return;
      }
      case 'response.failed':
        throw new ModelStepError(`The model failed to answer: ${event.response.error?.message ?? 'the server gave no reason'}.`);
      case 'response.incomplete':
        throw new ModelStepError(
          `The model stopped before finishing its answer (${event.response.incomplete_details?.reason ?? 'no reason given'}).`,
        );
      case 'error':
        throw new ModelStepError(`The model server reported an error while answering: ${event.message}`);
      default:
        return;
    }
  }

  finish(): StepOutcome {
    if (!this.completed) throw new ModelStepError('The model server ended its answer before finishing it (the stream stopped without a completion event).');
    // Servers that skip output_item.done events still list the items in response.completed.
    const output = this.finalOutput ?? [];
    if (this.calls.length === 0) for (const item of output) this.collectCall(item);
    if (this.text === '') for (const item of output) this.collectText(item);
    if (!this.streamedText && this.text !== '') this.onTextDelta(this.text);
    return { text: this.text, toolCalls: this.calls, usage: this.usage };
  }

  private collectCall(item: ResponseOutputItem): void {
    if (item.type !== 'function_call' || this.calls.some((c) => c.callId === item.call_id)) return;
    this.calls.push({ callId: item.call_id, name: item.name, arguments: item.arguments ?? '' });
  }

  /** For servers that stream no text deltas: the text of a finished message item. */
  private collectText(item: ResponseOutputItem): void {
    if (item.type !== 'message') return;
    for (const part of item.content) if (part.type === 'output_text') this.text += part.text;
  }
}
