import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { createFakeCore } from '../rpc/fake-core';
import { addApproval } from '../state/agents-slice';
import { upsertRuns } from '../state/runs-slice';
import { createAppStore } from '../state/store';
import { resetThreads, setThreads } from '../state/threads-slice';
import { makeRun, makeThread } from '../state/test-fixtures';
import { answerApproval, detectClis, jumpToNextNeeding, saveBuiltinProfile, sendFollowUp, testConnection } from './agent-actions';

const needsInput = (since: number) => ({ state: 'needs-input' as const, source: 'osc' as const, guess: false, detail: null, since });

const builtinProfile: Profile = {
  id: 'agent-1' as Profile['id'], name: 'GPT', kind: 'builtin', argv: [], builtIn: false, cliId: null,
  builtin: { baseUrl: 'http://127.0.0.1:1/v1', model: 'm', api: 'chat', approval: 'ask', sandbox: false, network: false, apiKeyEnv: 'KEY', hasApiKey: true, keyStored: false },
};

function boardStore() {
  const threads = [makeThread({ id: 'thread-0001' }), makeThread({ id: 'thread-0002', createdAt: 2000 })];
  const store = createAppStore(setThreads(resetThreads('repo-0001'), 'repo-0001', threads));
  store.setState((s) =>
    upsertRuns(s, [
      makeRun({ id: 'run-00001', index: 1, status: 'running', activity: needsInput(20) }),
      makeRun({ id: 'run-00002', index: 2, status: 'running' }),
      makeRun({ id: 'run-00003', threadId: 'thread-0002', index: 1, status: 'running', activity: needsInput(10) }),
    ]),
  );
  return store;
}

describe('agent actions', () => {
  it('detects the CLIs, forcing a new detection on refresh, and keeps the error when it fails', async () => {
    let fail = false;
    const core = createFakeCore({
      'profiles.detectClis': () => {
        if (fail) throw new AppError('INTERNAL', 'no PATH');
        return [{ id: 'codex', name: 'Codex CLI', available: true, version: '1.0.0', path: '/x/codex', problem: null, installHint: 'npm i -g @openai/codex', docsUrl: 'https://d' }];
      },
    });
    const store = createAppStore();
    await detectClis({ client: core.client, store }, true);
    expect(core.calls[0]).toEqual({ name: 'profiles.detectClis', input: { force: true } });
    expect(store.getState()).toMatchObject({ clisLoading: false, clisError: null, clis: [{ id: 'codex', version: '1.0.0' }] });
    fail = true;
    await detectClis({ client: core.client, store });
    expect(core.calls[1]?.input).toEqual({});
    expect(store.getState()).toMatchObject({ clisError: 'no PATH', clis: [{ id: 'codex' }] });
  });

  it('saves a built-in agent profile into the profile list and tests its connection', async () => {
    const core = createFakeCore({
      'profiles.saveBuiltin': (input) => ({ ...builtinProfile, name: input.name }),
      'profiles.testConnection': () => ({ ok: false, message: 'Could not reach it.' }),
    });
    const store = createAppStore();
    const ctx = { client: core.client, store };
    const { hasApiKey: _k, keyStored: _s, ...settings } = builtinProfile.builtin!;
    const result = await saveBuiltinProfile(ctx, { name: 'GPT 2', ...settings });
    expect(result).toMatchObject({ ok: true, profile: { name: 'GPT 2' } });
    expect(core.calls[0]?.input).not.toHaveProperty('id');
    expect(store.getState().profiles.map((p) => p.name)).toEqual(['GPT 2']);
    expect(await testConnection(ctx, 'agent-1')).toEqual({ ok: false, message: 'Could not reach it.' });
  });

  it('answers an approval and forgets it; one that is gone is forgotten with a word', async () => {
    const core = createFakeCore({
      'runs.approve': (input) => {
        if (input.callId === 'gone') throw new AppError('NOT_FOUND', 'No command of this run is waiting for approval.');
        return {};
      },
    });
    const store = createAppStore();
    store.setState((s) => addApproval(s, { runId: 'run-00001', callId: 'c1', command: 'ls', sandboxed: true }));
    store.setState((s) => addApproval(s, { runId: 'run-00001', callId: 'gone', command: 'rm', sandboxed: true }));
    const ctx = { client: core.client, store };
    await answerApproval(ctx, 'run-00001', 'c1', true);
    expect(core.calls[0]?.input).toEqual({ runId: 'run-00001', callId: 'c1', approve: true });
    await answerApproval(ctx, 'run-00001', 'gone', false);
    expect(store.getState().approvalsByRun).toEqual({});
    expect(store.getState().toasts.map((t) => t.message)).toEqual(['That command is no longer waiting for approval (the run moved on or was stopped).']);
  });

  it('sends a follow-up, or returns the core\u2019s reason', async () => {
    const core = createFakeCore({
      'runs.followUp': (input) => {
        if (input.prompt === 'busy') throw new AppError('INVALID_INPUT', 'The agent is still working on its last prompt; wait for it, or stop it.');
        return makeRun({ id: input.runId, status: 'running' });
      },
    });
    const ctx = { client: core.client, store: createAppStore() };
    expect(await sendFollowUp(ctx, 'run-00001', 'go on')).toBeNull();
    expect(ctx.store.getState().runsById['run-00001']?.status).toBe('running');
    expect(await sendFollowUp(ctx, 'run-00001', 'busy')).toMatch(/still working/);
  });

  it('jumps to the run waiting longest, then the next, across threads', async () => {
    const core = createFakeCore({ 'threads.get': (input) => ({ thread: makeThread({ id: input.threadId }), runs: [] }) });
    const store = boardStore();
    const ctx = { client: core.client, store };
    expect(jumpToNextNeeding(ctx)).toBe(true);
    expect(store.getState()).toMatchObject({ selectedThreadId: 'thread-0002', focusedRunId: 'run-00003', panel: null });
    expect(jumpToNextNeeding(ctx)).toBe(true);
    expect(store.getState()).toMatchObject({ selectedThreadId: 'thread-0001', focusedRunId: 'run-00001' });
    await core.flush();
    expect(core.calls.map((c) => c.name)).toEqual(['threads.get', 'threads.get']);
    store.setState((s) => upsertRuns(s, [makeRun({ id: 'run-00001', index: 1, status: 'exited', exitCode: 0, endedAt: 30 }), makeRun({ id: 'run-00003', threadId: 'thread-0002', index: 1, status: 'exited', exitCode: 0, endedAt: 30 })]));
    expect(jumpToNextNeeding(ctx)).toBe(false);
  });
});
