// The built-in agent end to end against the scripted OpenAI-compatible server and the real openai client, on both
// APIs: a multi-step task that edits a real worktree, the 'auto' API choice, and every way the model server can
// fail (HTTP error, timeout, garbage, a cut stream, no server), each ending as a failed result with its reason.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runGit } from '../../../test/helpers/git-fixtures';
import { startScriptedModelServer, type ScriptStep } from '../../../test/fixtures/scripted-model-server';
import { LoopHarness, multiStepScript } from './loop-harness';

const h = new LoopHarness();
beforeAll(() => h.detect());
beforeEach(() => h.setup());
afterEach(() => h.teardown());

describe.each(['responses', 'chat'] as const)('a multi-step task over %s', (api) => {
  it('writes a file, runs a command, applies a patch, finishes; the worktree holds the change', async () => {
    const { result, events, terminal } = await h.turn(multiStepScript(), { api });
    expect(result).toMatchObject({ status: 'completed', steps: 4, api, usageComplete: true, finalText: 'All done: added src/hello.txt and patched the README.' });
    expect(result.usage).toEqual({ inputTokens: 880, outputTokens: 97 });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(await readFile(path.join(h.wt.worktree, 'src/hello.txt'), 'utf8')).toBe('hello\n');
    expect(await readFile(path.join(h.wt.worktree, 'out.txt'), 'utf8')).toBe('checked\n');
    expect(await readFile(path.join(h.wt.worktree, 'README.md'), 'utf8')).toBe('# test repository\nPatched by the agent.\n');
    const status = await runGit(h.wt.worktree, ['status', '--porcelain']);
    expect(status.split('\n').filter(Boolean).sort()).toEqual([' M README.md', '?? out.txt', '?? src/hello.txt']);

    const kinds = events.map((e) => e.type).filter((t) => t !== 'assistant-text-delta' && t !== 'tool-output');
    expect(kinds).toEqual([
      'step-start', 'usage', 'tool-call', 'tool-result',
      'step-start', 'usage', 'tool-call', 'tool-result',
      'step-start', 'usage', 'tool-call', 'tool-result',
      'step-start', 'usage', 'done',
    ]);
    const results = events.filter((e) => e.type === 'tool-result');
    expect(results.map((e) => e.isError)).toEqual([false, false, false]);
    const deltas = events.filter((e) => e.type === 'assistant-text-delta');
    expect(deltas.length).toBeGreaterThan(2);
    expect(events.some((e) => e.type === 'tool-output' && e.text.includes('hello'))).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'done', result });
    expect(result.items.map((i) => i.kind)).toEqual(['user', 'assistant', 'tool-call', 'tool-result', 'tool-call', 'tool-result', 'tool-call', 'tool-result', 'assistant']);

    // What the server saw: the tools and instructions, and each tool result fed back in the API's own shape.
    const bodies = h.server!.requests.map((r) => r.body as Record<string, unknown>);
    expect(h.server!.requests.every((r) => r.api === api && r.authorization === `Bearer ${h.apiKey}`)).toBe(true);
    const toolNames = (bodies[0]!.tools as Array<{ name?: string; function?: { name: string } }>).map((t) => t.name ?? t.function?.name);
    expect(toolNames).toEqual(['run_command', 'read_file', 'write_file', 'apply_patch', 'list_files', 'search_files']);
    if (api === 'responses') {
      expect(bodies[0]).toMatchObject({ model: 'scripted-model', stream: true, store: false, instructions: expect.stringContaining('coding agent') });
      expect(bodies[1]!.input).toContainEqual({ type: 'function_call_output', call_id: 'call_1_0', output: expect.stringContaining('Created src/hello.txt') });
      expect(bodies[1]!.input).toContainEqual({ type: 'function_call', call_id: 'call_1_0', name: 'write_file', arguments: expect.any(String) });
    } else {
      expect(bodies[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
      expect((bodies[0]!.messages as unknown[])[0]).toMatchObject({ role: 'system' });
      expect(bodies[1]!.messages).toContainEqual({ role: 'assistant', content: 'I will add the file first.', tool_calls: [expect.objectContaining({ id: 'call_1_0', type: 'function' })] });
      expect(bodies[1]!.messages).toContainEqual({ role: 'tool', tool_call_id: 'call_1_0', content: expect.stringContaining('Created src/hello.txt') });
    }

    // The terminal: prompt, streamed text, tool calls with their arguments, the command's output, the footer.
    expect(terminal).toContain('Make the change.');
    expect(terminal).toContain('I will add the file first.');
    expect(terminal).toContain('● write_file');
    expect(terminal).toContain('src/hello.txt (2 lines, 6 bytes)');
    expect(terminal).toContain('$ cat src/hello.txt && echo checked > out.txt');
    expect(terminal).toContain('● apply_patch');
    expect(terminal).toContain('880 in / 97 out tokens');
    expect(terminal).not.toMatch(/[^\r]\n/);
  });

  it('carries the history of an earlier turn into the next request', async () => {
    const first = await h.turn(multiStepScript(), { api });
    await h.closeServer();
    const second = await h.turn([{ kind: 'reply', text: 'Nothing left to do.' }], { api, history: first.result.items });
    expect(second.result.status).toBe('completed');
    const body = h.server!.requests[0]!.body as Record<string, unknown[]>;
    const sent = JSON.stringify(api === 'responses' ? body.input : body.messages);
    expect(sent).toContain('All done: added src/hello.txt');
    expect(sent).toContain('call_3_0');
  });
});

describe('API selection', () => {
  it("'auto' falls back to Chat Completions when /responses answers 404, and reports it", async () => {
    const { result } = await h.turn([{ kind: 'reply', text: 'Hi from chat.' }], { api: 'auto', endpoints: { responses: false } });
    expect(result).toMatchObject({ status: 'completed', api: 'chat', finalText: 'Hi from chat.' });
    expect(h.server!.requests.map((r) => r.api)).toEqual(['responses', 'chat']);
  });

  it("'auto' stays on the Responses API when the server has it", async () => {
    const { result } = await h.turn(multiStepScript(), { api: 'auto' });
    expect(result).toMatchObject({ status: 'completed', api: 'responses' });
    expect(h.server!.requests.every((r) => r.api === 'responses')).toBe(true);
  });
});

describe('model server failures end the turn failed with a reason', () => {
  it('an HTTP 500 with an error body', async () => {
    const { result, events, terminal } = await h.turn([{ kind: 'http-error', status: 500, message: 'The engine is overloaded' }]);
    expect(result).toMatchObject({ status: 'failed', reason: expect.stringMatching(/internal error \(HTTP 500\).*The engine is overloaded/) });
    expect(events.slice(-2).map((e) => e.type)).toEqual(['error', 'done']);
    expect(terminal).toContain('HTTP 500');
  });

  it('retries a transient error before giving up', async () => {
    const { result } = await h.turn([{ kind: 'http-error', status: 503 }, { kind: 'reply', text: 'Recovered.' }], { config: { maxRetries: 1 } });
    expect(result).toMatchObject({ status: 'completed', finalText: 'Recovered.' });
    expect(h.server!.requests).toHaveLength(2);
  });

  it('a refused key (401), without the key in the reason', async () => {
    const { result } = await h.turn([{ kind: 'http-error', status: 401, message: `Incorrect API key provided: ${h.apiKey}` }]);
    expect(result.reason).toMatch(/refused the API key/);
    expect(result.reason).not.toContain(h.apiKey);
  });

  it('a server that never answers (timeout)', async () => {
    const started = Date.now();
    const { result } = await h.turn([{ kind: 'hang' }], { config: { timeoutMs: 400 } });
    expect(result).toMatchObject({ status: 'failed', reason: expect.stringMatching(/sent nothing for 0.4 s/) });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('a stream that stalls midway (timeout), keeping the text already shown', async () => {
    const { result } = await h.turn([{ kind: 'stall', text: 'Starting to answer' }], { config: { timeoutMs: 400 } });
    expect(result.status).toBe('failed');
    expect(result.items.at(-1)).toMatchObject({ kind: 'assistant', text: expect.stringMatching(/^Start/) });
  });

  it.each([
    ['responses', 'invalid JSON in an event', { kind: 'garbage' } as ScriptStep, /could not be read/],
    ['chat', 'invalid JSON in a chunk', { kind: 'garbage' } as ScriptStep, /could not be read/],
    ['responses', 'a body that is not SSE at all', { kind: 'garbage', body: '<html>Bad gateway</html>' } as ScriptStep, /before finishing/],
    ['chat', 'a stream cut off midway', { kind: 'truncated' } as ScriptStep, /broke while it was answering/],
    ['responses', 'a stream cut off midway', { kind: 'truncated' } as ScriptStep, /broke while it was answering/],
  ] as const)('garbage over %s: %s', async (api, _what, step, reason) => {
    const { result } = await h.turn([step], { api });
    expect(result).toMatchObject({ status: 'failed', reason: expect.stringMatching(reason) });
  });

  it('a base URL that is not a URL', async () => {
    const { result } = await h.turn([], { config: { baseURL: 'not a url' } });
    expect(result).toMatchObject({ status: 'failed', steps: 0, reason: expect.stringMatching(/"not a url" is not a valid URL/) });
  });

  it('a server that is not there', async () => {
    h.server = await startScriptedModelServer({ script: [] });
    const url = h.server.baseURL;
    await h.closeServer();
    const { result } = await h.turn([], { config: { baseURL: url } });
    expect(result).toMatchObject({ status: 'failed', reason: expect.stringMatching(/Could not connect.*ECONNREFUSED/) });
  });
});

