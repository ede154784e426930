// One model step over Chat Completions (POST /chat/completions, stream: true), the API every OpenAI-compatible
// server speaks: builds the messages from the structured conversation and folds the chunks (content deltas,
// tool_calls deltas by index, finish_reason, the usage chunk) into text, tool calls and usage.
import { randomUUID } from 'node:crypto';
import type OpenAI from 'openai';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions/completions';
import type { ConversationItem, ToolCall } from './loop-types';
import { ModelStepError } from './model-errors';
import type { StepOutcome, StepRequest } from './model-step';

/**
 * The conversation as chat messages: the instructions as a 'system' message (servers that predate OpenAI's
 * 'developer' role understand it), an assistant text followed by tool calls as one assistant message with
 * `tool_calls`, and each tool result as a 'tool' message.
 */
export function toChatMessages(instructions: string, items: readonly ConversationItem[]): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: instructions }];
  let open: ChatCompletionAssistantMessageParam | null = null;
  for (const item of items) {
    if (item.kind === 'tool-call') {
      const call = { id: item.callId, type: 'function' as const, function: { name: item.name, arguments: item.arguments } };
      if (open) {
        open.tool_calls = [...(open.tool_calls ?? []), call];
      } else {
        open = { role: 'assistant', content: null, tool_calls: [call] };
        messages.push(open);
      }
      continue;
    }
    if (item.kind === 'assistant') {
      open = { role: 'assistant', content: item.text };
      messages.push(open);
      continue;
    }
    open = null;
    if (item.kind === 'user') messages.push({ role: 'user', content: item.text });
    else messages.push({ role: 'tool', tool_call_id: item.callId, content: item.output });
  }
  return messages;
}

/** Streams one answer; resolves with what the model said and called, or throws (APIError, ModelStepError, abort). */
export async function streamChatStep(client: OpenAI, req: StepRequest): Promise<StepOutcome> {
  const tools: ChatCompletionTool[] = req.tools.map((t) => ({
    type: 'function',
    function: { name: t.name, description: t.description, parameters: t.parameters },
  }));
  const stream = await client.chat.completions.create(
    {
      model: req.model,
      messages: toChatMessages(req.instructions, req.items),
      tools,
      stream: true,
      // The usage chunk (OpenAI, vLLM, Ollama, LM Studio); servers that ignore it leave the turn's usage incomplete.
      stream_options: { include_usage: true },
    },
    { signal: req.signal },
  );
  req.onActivity();
  const fold = new ChatFold(req.onTextDelta);
  for await (const chunk of stream) {
    req.onActivity();
    fold.accept(chunk);
  }
  req.signal.throwIfAborted();
  return fold.finish();
}

interface PendingCall {
  id: string;
  name: string;
  arguments: string;
}

/** Accumulates one streamed completion. Exported for unit tests of odd servers. */
export class ChatFold {
  private text = '';
  private readonly calls = new Map<number, PendingCall>();
  private finishReason: string | null = null;
  private usage: StepOutcome['usage'] = null;

  constructor(private readonly onTextDelta: (text: string) => void) {}

  accept(chunk: ChatCompletionChunk): void {
    if (chunk.usage) this.usage = { inputTokens: chunk.usage.prompt_tokens ?? 0, outputTokens: chunk.usage.completion_tokens ?? 0 };
    const choice = chunk.choices?.[0];
    if (!choice) return;
    const delta = choice.delta ?? {};
    if (typeof delta.content === 'string' && delta.content !== '') {
      this.text += delta.content;
      this.onTextDelta(delta.content);
    }
    for (const part of delta.tool_calls ?? []) {
      const index = typeof part.index === 'number' ? part.index : this.calls.size;
      const pending = this.calls.get(index) ?? { id: '', name: '', arguments: '' };
      if (part.id) pending.id = part.id;
      // The name comes whole in the call's first delta; later deltas repeat it or leave it out.
      if (part.function?.name && pending.name === '') pending.name = part.function.name;
      if (part.function?.arguments) pending.arguments += part.function.arguments;
      this.calls.set(index, pending);
    }
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
  }

  finish(): StepOutcome {
    if (this.finishReason === null) {
      throw new ModelStepError('The model server ended its answer before finishing it (no finish_reason in the stream).');
    }
    const toolCalls: ToolCall[] = [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, c]) => ({
        // Some servers send no id (or reuse one); the tool result must answer exactly one call.
        callId: c.id === '' ? `call_${randomUUID()}` : c.id,
        name: c.name,
        arguments: c.arguments,
      }));
    if (toolCalls.length === 0 && this.finishReason === 'length') {
      throw new ModelStepError('The model stopped because it reached its output token limit before finishing its answer.');
    }
    if (this.finishReason === 'content_filter') throw new ModelStepError("The model's answer was withheld by the server's content filter.");
    return { text: this.text, toolCalls: dedupeIds(toolCalls), usage: this.usage };
  }
}

function dedupeIds(calls: ToolCall[]): ToolCall[] {
  const seen = new Set<string>();
  return calls.map((c) => {
    const callId = seen.has(c.callId) ? `call_${randomUUID()}` : c.callId;
    seen.add(callId);
    return { ...c, callId };
  });
}
