import { describe, expect, it } from 'vitest';
import type { RunActivity } from '../../../shared/contract';
import { makeRun } from '../state/test-fixtures';
import { attentionChange, attentionKey, attentionOf, isRunShown, notificationText } from './attention';

const act = (state: RunActivity['state'], over: Partial<RunActivity> = {}): RunActivity => ({ state, source: 'osc', guess: false, detail: null, since: 10, ...over });

describe('attention', () => {
  it('wants the user when a run needs input, finished its turn, or ended by itself', () => {
    expect(attentionOf(makeRun({ id: 'r', status: 'running', activity: act('needs-input') }))).toBe('needs-input');
    expect(attentionOf(makeRun({ id: 'r', status: 'running', activity: act('done') }))).toBe('done');
    expect(attentionOf(makeRun({ id: 'r', status: 'running', activity: act('working') }))).toBeNull();
    expect(attentionOf(makeRun({ id: 'r', status: 'running', activity: act('needs-input', { guess: true }) }))).toBeNull();
    expect(attentionOf(makeRun({ id: 'r', status: 'exited', exitCode: 0 }))).toBe('exited');
    expect(attentionOf(makeRun({ id: 'r', status: 'failed', failure: 'boom' }))).toBe('failed');
    expect(attentionOf(makeRun({ id: 'r', status: 'exited', exitCode: 143, stoppedByUser: true }))).toBeNull();
    expect(attentionOf(makeRun({ id: 'r', status: 'interrupted' }))).toBeNull();
  });

  it('announces a change once: not on first sight, not again for the same state', () => {
    const working = makeRun({ id: 'r', status: 'running', activity: act('working') });
    const asks = makeRun({ id: 'r', status: 'running', activity: act('needs-input', { detail: 'Approve?' }) });
    const asksAgain = makeRun({ id: 'r', status: 'running', activity: act('needs-input', { detail: 'Still?', since: 20 }) });
    expect(attentionChange(undefined, asks)).toBeNull();
    expect(attentionChange(working, asks)).toBe('needs-input');
    expect(attentionChange(asks, asksAgain)).toBeNull();
    expect(attentionChange(asks, makeRun({ id: 'r', status: 'exited', exitCode: 0 }))).toBe('exited');
    expect(attentionChange(asks, working)).toBeNull();
    // The same occurrence has the same key (an older snapshot in between must not announce it again).
    expect(attentionKey('needs-input', asks)).toBe('needs-input:10');
    expect(attentionKey('needs-input', asksAgain)).toBe('needs-input:20');
    expect(attentionKey('exited', makeRun({ id: 'r', status: 'exited', exitCode: 0, endedAt: 99 }))).toBe('exited:99');
  });

  it('words the notification with the run, its question and the thread', () => {
    const run = makeRun({ id: 'r', index: 3, profileName: 'Codex CLI', status: 'running', activity: act('needs-input', { detail: 'Approve running the tests?' }) });
    expect(notificationText('needs-input', run, 'Fix the bug', false)).toEqual({ title: '#3 Codex CLI needs your input', body: 'Approve running the tests?\nFix the bug' });
    const done = makeRun({ id: 'r', index: 1, profileName: 'GPT', status: 'exited', exitCode: 0 });
    expect(notificationText('exited', done, null, true).title).toBe('#1 GPT finished its turn');
    expect(notificationText('exited', { ...done, exitCode: 2 }, null, false).title).toBe('#1 GPT exited with code 2');
    expect(notificationText('failed', { ...done, status: 'failed', failure: 'model exploded' }, 'T', true)).toEqual({ title: '#1 GPT failed', body: 'model exploded\nT' });
  });

  it('knows which runs are on screen', () => {
    const run = makeRun({ id: 'run-1', threadId: 'thread-1' });
    expect(isRunShown({ selectedThreadId: 'thread-1', focusedRunId: null, panel: null }, run)).toBe(true);
    expect(isRunShown({ selectedThreadId: 'thread-1', focusedRunId: 'run-2', panel: null }, run)).toBe(false);
    expect(isRunShown({ selectedThreadId: 'thread-1', focusedRunId: 'run-1', panel: null }, run)).toBe(true);
    expect(isRunShown({ selectedThreadId: null, focusedRunId: null, panel: null }, run)).toBe(false);
    expect(isRunShown({ selectedThreadId: 'thread-1', focusedRunId: null, panel: { kind: 'trash' } }, run)).toBe(false);
    expect(isRunShown({ selectedThreadId: 'thread-1', focusedRunId: null, panel: { kind: 'review', runId: 'run-1' } }, run)).toBe(true);
  });
});
