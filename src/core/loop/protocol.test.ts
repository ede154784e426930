// The stream folds and message builders against what odd OpenAI-compatible servers send, and the terminal
// renderer's handling of escape sequences: no server or command output gets a control sequence through.
import type { ChatCompletionChunk } from 'openai/resources/chat/completions/completions';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { APIConnectionError, APIError } from 'openai';
import { ChatFold, toChatMessages } from './chat-protocol';
import type { ConversationItem } from './loop-types';
import { describeModelError, isResponsesUnsupported } from './model-errors';
import { ResponsesFold, toResponsesInput } from './responses-protocol';
import { clean, TurnRenderer } from './terminal-renderer';

const chunk = (delta: object, finish: string | null = null, usage?: object): ChatCompletionChunk =>
  ({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) }) as ChatCompletionChunk;

describe('ChatFold', () => {
  it('assembles tool calls by index, invents missing ids, keeps the first name and reads usage', () => {
    const deltas: string[] = [];
    const fold = new ChatFold((t) => deltas.push(t));
    fold.accept(chunk({ content: 'Hi' }));
    fold.accept(chunk({ tool_calls: [{ index: 1, function: { name: 'read_file', arguments: '{"path"' } }] }));
    fold.accept(chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'list_files', arguments: '{}' } }] }));
    fold.accept(chunk({ tool_calls: [{ index: 1, function: { name: 'read_file', arguments: ':"x"}' } }] }));
    fold.accept(chunk({}, 'tool_calls', { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 }));
    const out = fold.finish();
    expect(deltas).toEqual(['Hi']);
    expect(out.usage).toEqual({ inputTokens: 5, outputTokens: 2 });
    expect(out.toolCalls.map((c) => [c.name, c.arguments])).toEqual([
      ['list_files', '{}'],
      ['read_file', '{"path":"x"}'],
    ]);
    expect(out.toolCalls[1]!.callId).toMatch(/^call_/);
  });

  it('fails a stream without finish_reason, a cut-off text and a filtered answer', () => {
    expect(() => new ChatFold(() => undefined).finish()).toThrow(/before finishing/);
    const cut = new ChatFold(() => undefined);
    cut.accept(chunk({ content: 'abc' }, 'length'));
    expect(() => cut.finish()).toThrow(/output token limit/);
    const filtered = new ChatFold(() => undefined);
    filtered.accept(chunk({}, 'content_filter'));
    expect(() => filtered.finish()).toThrow(/content filter/);
  });
});

describe('ResponsesFold', () => {
  it('takes calls and text from response.completed when a server skips the item events', () => {
    const deltas: string[] = [];
    const fold = new ResponsesFold((t) => deltas.push(t));
    fold.accept({
      type: 'response.completed',
      sequence_number: 1,
      response: {
        output: [
          { type: 'message', id: 'm', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Done', annotations: [] }] },
          { type: 'function_call', call_id: 'c1', name: 'list_files', arguments: '{}' },
        ],
        usage: { input_tokens: 3, output_tokens: 4 },
      },
    } as unknown as ResponseStreamEvent);
    const out = fold.finish();
    expect(out).toMatchObject({ text: 'Done', usage: { inputTokens: 3, outputTokens: 4 }, toolCalls: [{ callId: 'c1', name: 'list_files' }] });
    expect(deltas).toEqual(['Done']);
  });

  it('turns failed, incomplete and error events, and a missing completion, into reasons', () => {
    const failed = { type: 'response.failed', sequence_number: 0, response: { error: { message: 'model overloaded' } } } as unknown as ResponseStreamEvent;
    expect(() => new ResponsesFold(() => undefined).accept(failed)).toThrow(/model overloaded/);
    const incomplete = { type: 'response.incomplete', sequence_number: 0, response: { incomplete_details: { reason: 'max_output_tokens' } } } as unknown as ResponseStreamEvent;
    expect(() => new ResponsesFold(() => undefined).accept(incomplete)).toThrow(/max_output_tokens/);
    const error = { type: 'error', sequence_number: 0, message: 'boom', code: null, param: null } as ResponseStreamEvent;
    expect(() => new ResponsesFold(() => undefined).accept(error)).toThrow(/boom/);
    expect(() => new ResponsesFold(() => undefined).finish()).toThrow(/before finishing/);
  });
});

describe('conversation to requests', () => {
  const items: ConversationItem[] = [
    { kind: 'user', text: 'do it' },
    { kind: 'assistant', text: 'ok' },
    { kind: 'tool-call', callId: 'a', name: 'list_files', arguments: '{}' },
    { kind: 'tool-call', callId: 'b', name: 'read_file', arguments: '{"path":"x"}' },
    { kind: 'tool-result', callId: 'a', name: 'list_files', output: 'x', isError: false },
    { kind: 'tool-result', callId: 'b', name: 'read_file', output: 'data', isError: false },
    { kind: 'tool-call', callId: 'c', name: 'list_files', arguments: '{}' },
    { kind: 'tool-result', callId: 'c', name: 'list_files', output: 'x', isError: false },
    { kind: 'assistant', text: 'done' },
  ];

  it('chat: one assistant message per step holding its tool calls, then one tool message per result', () => {
    const messages = toChatMessages('be good', items);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'tool', 'assistant', 'tool', 'assistant']);
    expect(messages[2]).toMatchObject({ content: 'ok', tool_calls: [{ id: 'a' }, { id: 'b' }] });
    expect(messages[5]).toMatchObject({ content: null, tool_calls: [{ id: 'c' }] });
  });

  it('responses: function calls without server item ids', () => {
    const input = toResponsesInput(items);
    expect(input[2]).toEqual({ type: 'function_call', call_id: 'a', name: 'list_files', arguments: '{}' });
    expect(input[4]).toEqual({ type: 'function_call_output', call_id: 'a', output: 'x' });
  });
});

describe('terminal rendering', () => {
  it('drops escape sequences from model text, keeps only SGR colours in command output', () => {
    expect(clean('a\x1b]52;c;aGk=\x07b\x1b[2Jc\x9bd\re', false)).toBe('abcde');
    expect(clean('\x1b[31mred\x1b[0m\x1b[2J\x1b]0;title\x1b\\ok\r\n', true)).toBe('\x1b[31mred\x1b[0mok\r\n');
  });

  it('holds back an escape sequence cut between two chunks, and caps a flood', () => {
    let out = '';
    const r = new TurnRenderer({ write: (t) => (out += t) });
    r.toolOutput('c', 'x\x1b[3');
    r.toolOutput('c', '1mred\x1b]8;;http://evil');
    r.toolOutput('c', '\x07link\n');
    expect(out).toBe('x\x1b[31mredlink\r\n');
    out = '';
    r.toolOutput('d', 'y'.repeat(300_000));
    expect(out.length).toBeLessThan(201_000);
    expect(out).toContain('not shown here');
  });
});

describe('model errors', () => {
  const httpError = (status: number, message: string): APIError => APIError.generate(status, { error: { message } }, undefined, new Headers());

  it("'auto' falls back only for statuses that mean the Responses endpoint is missing or unusable", () => {
    expect([400, 404, 405, 501].map((s) => isResponsesUnsupported(httpError(s, 'x')))).toEqual([true, true, true, true]);
    expect([401, 403, 429, 500, 503].map((s) => isResponsesUnsupported(httpError(s, 'x')))).toEqual([false, false, false, false, false]);
    expect(isResponsesUnsupported(new APIConnectionError({ message: 'down' }))).toBe(false);
  });

  it('words each failure as one sentence and masks the key', () => {
    const ctx = { baseURL: 'http://127.0.0.1:1/v1', apiKey: 'sk-very-secret-key' };
    expect(describeModelError(httpError(429, 'Slow down, sk-very-secret-key'), ctx)).toBe('The model server is rate limiting or out of quota (HTTP 429). The server said: Slow down, ***.');
    expect(describeModelError(httpError(404, 'model not found'), ctx)).toMatch(/no such endpoint or model \(HTTP 404\)/);
    expect(describeModelError(new SyntaxError('x'), ctx)).toMatch(/could not be read/);
    expect(describeModelError(new APIConnectionError({ message: 'x' }), { ...ctx, answering: true })).toMatch(/broke while it was answering/);
  });
});
