// The built-in agent's tools through whole turns (scripted server, real openai client): paths outside the worktree
// refused, a hanging command killed, cancel mid-stream and mid-command, approval denied, the API key kept from
// commands, the step limit, and unknown tools or bad arguments reported to the model.
import { readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../../test/helpers/git-fixtures';
import type { ScriptStep } from '../../../test/fixtures/scripted-model-server';
import { LoopHarness } from './loop-harness';
import { eventually, processesWith } from './loop-test-support';

const h = new LoopHarness();
beforeAll(() => h.detect());
beforeEach(() => h.setup());
afterEach(() => h.teardown());

describe('tools stay in the worktree', () => {
  let outside: TempDir;
  beforeEach(async () => {
    outside = await makeTempDir('switchyard-outside-');
    await writeFile(path.join(outside.path, 'keep.txt'), 'original');
  });
  afterEach(async () => outside.cleanup());

  it('refuses ../, absolute, symlink-out and .git paths; the model sees why and nothing outside changes', async () => {
    await symlink(outside.path, path.join(h.wt.worktree, 'escape'));
    const { result, events } = await h.turn([
      {
        kind: 'reply',
        toolCalls: [
          { name: 'write_file', arguments: { path: '../pwned.txt', content: 'x' } },
          { name: 'write_file', arguments: { path: path.join(outside.path, 'keep.txt'), content: 'x' } },
          { name: 'write_file', arguments: { path: 'escape/keep.txt', content: 'x' } },
          { name: 'read_file', arguments: { path: '.git/config' } },
          { name: 'write_file', arguments: { path: '.git', content: 'gitdir: /tmp' } },
        ],
      },
      { kind: 'reply', text: 'I could not do it.' },
    ]);
    expect(result.status).toBe('completed');
    const outcomes = events.filter((e) => e.type === 'tool-result');
    expect(outcomes).toHaveLength(5);
    for (const o of outcomes) expect(o).toMatchObject({ isError: true, output: expect.stringMatching(/outside the worktree|symbolic link|\.git/) });
    expect(await readFile(path.join(outside.path, 'keep.txt'), 'utf8')).toBe('original');
    await expect(stat(path.join(path.dirname(h.wt.worktree), 'pwned.txt'))).rejects.toThrow();
    const fed = JSON.stringify(h.server!.requests[1]!.body);
    expect(fed).toContain('outside the worktree');
  });
});

describe('commands, cancel and approval', () => {
  it('a hanging command is timed out and killed, and the turn goes on', async () => {
    const marker = `${7000 + Math.floor(Math.random() * 1000)}.5`;
    const { result, events } = await h.turn([
      { kind: 'reply', toolCalls: [{ name: 'run_command', arguments: { command: `sleep ${marker}`, timeout_ms: 300 } }] },
      { kind: 'reply', text: 'It hung.' },
    ]);
    expect(result.status).toBe('completed');
    expect(events.find((e) => e.type === 'tool-result')).toMatchObject({ isError: true, output: expect.stringMatching(/time limit of 0.3 s/) });
    expect(await eventually(async () => (await processesWith(`sleep ${marker}`)).length === 0)).toBe(true);
  });

  it('cancel mid-stream aborts the HTTP stream at once', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const { result } = await h.turn([{ kind: 'stall', text: 'Thinking hard about this' }], {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'assistant-text-delta') controller.abort();
      },
    });
    expect(result).toMatchObject({ status: 'cancelled', reason: expect.stringMatching(/while the model was answering/) });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('cancel mid-command stops the command; every tool call still gets a result', async () => {
    const controller = new AbortController();
    const marker = `${8000 + Math.floor(Math.random() * 1000)}.5`;
    const { result } = await h.turn(
      [
        {
          kind: 'reply',
          toolCalls: [
            { name: 'run_command', arguments: { command: `echo started; sleep ${marker}` } },
            { name: 'write_file', arguments: { path: 'never.txt', content: 'x' } },
          ],
        },
      ],
      {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'tool-output') controller.abort();
        },
      },
    );
    expect(result).toMatchObject({ status: 'cancelled', reason: expect.stringMatching(/while a tool was running/) });
    expect(result.items.filter((i) => i.kind === 'tool-result').map((i) => i.kind === 'tool-result' && i.output)).toEqual([
      expect.stringMatching(/cancelled/),
      expect.stringMatching(/Not run/),
    ]);
    await expect(stat(path.join(h.wt.worktree, 'never.txt'))).rejects.toThrow();
    expect(await eventually(async () => (await processesWith(`sleep ${marker}`)).length === 0)).toBe(true);
  });

  it("'ask' denied: the model sees the denial and nothing ran", async () => {
    const asked: string[] = [];
    const { result } = await h.turn(
      [
        { kind: 'reply', toolCalls: [{ name: 'run_command', arguments: { command: 'touch ran.txt' } }] },
        { kind: 'reply', text: 'Understood, I will not run it.' },
      ],
      { tools: { approval: 'ask', approve: async (req) => (asked.push(req.command), false) } },
    );
    expect(result).toMatchObject({ status: 'completed', finalText: 'Understood, I will not run it.' });
    expect(asked).toEqual(['touch ran.txt']);
    await expect(stat(path.join(h.wt.worktree, 'ran.txt'))).rejects.toThrow();
    expect(JSON.stringify(h.server!.requests[1]!.body)).toContain('The user declined to run this command');
  });

  it('the API key is absent from the environment of the commands the model runs', async () => {
    const { events } = await h.turn([
      { kind: 'reply', toolCalls: [{ name: 'run_command', arguments: { command: 'env; cat /proc/self/environ | tr "\\0" "\\n"' } }] },
      { kind: 'reply', text: 'ok' },
    ]);
    const output = events.find((e) => e.type === 'tool-result');
    expect(output).toMatchObject({ isError: false, output: expect.stringContaining('PATH=') });
    expect(JSON.stringify(events)).not.toContain(h.apiKey);
  });

  it('stops at maxSteps with a reason, and reports unknown tools and bad arguments to the model', async () => {
    const loop: ScriptStep = { kind: 'reply', toolCalls: [{ name: 'no_such_tool', arguments: {} }, { name: 'read_file', arguments: '{"path":' }] };
    const { result, events } = await h.turn([loop, loop, loop], { config: { maxSteps: 2 } });
    expect(result).toMatchObject({ status: 'max-steps', steps: 2, reason: expect.stringMatching(/after 2 model requests/) });
    const outputs = events.filter((e) => e.type === 'tool-result').map((e) => e.type === 'tool-result' && e.output);
    expect(outputs).toEqual([expect.stringMatching(/no tool named/), expect.stringMatching(/not valid JSON/), expect.any(String), expect.any(String)]);
  });
});
