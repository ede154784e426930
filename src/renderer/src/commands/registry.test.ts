import { describe, expect, it } from 'vitest';
import { COMMANDS, type CommandId } from '../../../shared/commands/catalog';
import type { Repo } from '../../../shared/contract';
import { createFakeCore, type FakeHandlers } from '../rpc/fake-core';
import { setMerges } from '../state/review-slice';
import { upsertRuns } from '../state/runs-slice';
import { createAppStore } from '../state/store';
import { makeRun, makeThread } from '../state/test-fixtures';
import { setThreads, resetThreads } from '../state/threads-slice';
import { createCommandCenter } from './command-center';
import { COMMAND_HANDLERS, type CommandDom } from './registry';

const repo = { id: 'repo-0001', path: '/repo', name: 'repo', currentBranch: 'main', lastOpenedAt: 1 } as Repo;

/** A board: thread-0001 with a finished run 1, a running run 2 and an archived run 3. */
function setUp(handlers: FakeHandlers = {}) {
  const core = createFakeCore(handlers);
  const store = createAppStore({ ...setThreads(resetThreads('repo-0001'), 'repo-0001', [makeThread({ id: 'thread-0001' })]), booted: true, currentRepo: repo, selectedThreadId: 'thread-0001' });
  store.setState((s) =>
    upsertRuns(s, [
      makeRun({ id: 'run-00001', index: 1, status: 'exited', exitCode: 0, endedAt: 5 }),
      makeRun({ id: 'run-00002', index: 2, status: 'running' }),
      makeRun({ id: 'run-00003', index: 3, status: 'exited', exitCode: 0, archivedAt: 9 }),
    ]),
  );
  const focused: string[] = [];
  const dom: CommandDom = { focusSoon: (selector) => focused.push(selector), cardRunIds: () => ['run-00001', 'run-00002'] };
  const center = createCommandCenter({ actions: { client: core.client, store }, dom, env: { platform: 'other', web: true }, storage: null });
  return { core, store, center, focused };
}

describe('the command registry', () => {
  it('has a handler for every catalog command, and none for anything else', () => {
    expect(Object.keys(COMMAND_HANDLERS).sort()).toEqual(COMMANDS.map((c) => c.id).sort());
    for (const c of COMMANDS) expect(typeof COMMAND_HANDLERS[c.id].run).toBe('function');
  });

  it('says why run commands cannot run while no run is selected, and acts on the selected card', async () => {
    const { core, store, center } = setUp({ 'runs.stop': (input) => makeRun({ id: input.runId, index: 2, status: 'exited', exitCode: 130, stoppedByUser: true }) });
    expect(center.unavailable('run.merge')).toMatch(/^Select a run first/);
    expect(center.run('run.stop', 'key')).toBe(false);
    expect(center.ui.getState().note?.text).toMatch(/^Stop run: Select a run first/);

    center.ui.setState({ cardRunId: 'run-00002' });
    expect(center.unavailable('run.merge')).toBe('Run 2 is still running: wait for it to finish, or stop it.');
    expect(COMMAND_HANDLERS['run.stop'].detail?.(store.getState(), center.ui.getState())).toBe('run 2 (Shell)');
    expect(center.run('run.stop', 'palette')).toBe(true);
    await core.flush();
    expect(core.calls).toEqual([{ name: 'runs.stop', input: { runId: 'run-00002' } }]);
    expect(store.getState().runsById['run-00002']?.stoppedByUser).toBe(true);
  });

  it('opens the merge dialog for a finished run, and refuses an archived one', () => {
    const { center } = setUp();
    center.ui.setState({ cardRunId: 'run-00001', paletteOpen: true });
    expect(center.run('run.merge', 'palette')).toBe(true);
    expect(center.ui.getState()).toMatchObject({ mergeRunId: 'run-00001', paletteOpen: false, lastRun: { id: 'run.merge', via: 'palette' } });
    center.ui.setState({ cardRunId: 'run-00003' });
    // An archived run is not on the board: nothing is selected.
    expect(center.unavailable('run.archive')).toMatch(/^Select a run first/);
  });

  it('does not offer to merge a run again once it is merged', () => {
    const { store, center } = setUp();
    center.ui.setState({ cardRunId: 'run-00001' });
    store.setState((s) =>
      setMerges(s, 'thread-0001', [
        { id: 'm1', runId: 'run-00001', threadId: 'thread-0001', baseBranch: 'main', mode: 'merge', state: 'published', oldTip: 'a', newTip: 'b', message: 'm', createdAt: 1, publishedAt: 2, undoneAt: null },
      ]),
    );
    expect(center.unavailable('run.merge')).toBe('Run 1 is merged already.');
  });

  it('moves between the board\u2019s cards as shown, then between runs in the large terminal and the review', () => {
    const { store, center, focused } = setUp();
    center.run('run.next', 'key');
    expect(center.ui.getState().cardRunId).toBe('run-00001');
    expect(focused.at(-1)).toBe('[data-testid="run-card"][data-run-id="run-00001"]');
    center.run('run.previous', 'key');
    expect(center.ui.getState().cardRunId).toBe('run-00002');
    center.run('run.open', 'key');
    expect(store.getState().focusedRunId).toBe('run-00002');
    center.run('run.next', 'key');
    expect(store.getState().focusedRunId).toBe('run-00001');
    center.run('run.review', 'key');
    expect(store.getState()).toMatchObject({ panel: { kind: 'review', runId: 'run-00001' }, focusedRunId: null });
    expect(center.unavailable('run.review')).toBe('The diff of run 1 is open.');
    center.run('run.next', 'key');
    expect(store.getState().panel).toEqual({ kind: 'review', runId: 'run-00002' });
    center.run('view.board', 'key');
    expect(store.getState().panel).toBeNull();
    expect(center.unavailable('view.board')).toBe('Nothing to go back from.');
  });

  it('starts a new thread with the prompt focused, and needs a repository for it', () => {
    const { store, center, focused } = setUp();
    center.run('thread.new', 'key');
    expect(store.getState().selectedThreadId).toBeNull();
    expect(focused).toEqual(['[data-testid="composer-prompt"]']);
    store.setState({ currentRepo: null });
    expect(center.unavailable('thread.new')).toBe('Open a repository first.');
    expect(center.unavailable('repo.open')).toBeNull();
  });

  it('jumps to a run needing input only when one does', () => {
    const { store, center } = setUp();
    expect(center.unavailable('run.nextNeedingInput')).toBe('No run needs you right now.');
    store.setState((s) => upsertRuns(s, [makeRun({ id: 'run-00002', index: 2, status: 'running', activity: { state: 'needs-input', source: 'osc', guess: false, detail: null, since: 3 } })]));
    expect(center.run('run.nextNeedingInput', 'key')).toBe(true);
    expect(store.getState().focusedRunId).toBe('run-00002');
    expect(center.unavailable('terminal.find')).toBeNull();
    center.run('terminal.find', 'key');
    expect(center.ui.getState().findRequests).toBe(1);
  });

  it('toggles the palette, and opening the shortcuts dialog closes it', () => {
    const { center } = setUp();
    center.run('palette.open', 'key');
    expect(center.ui.getState().paletteOpen).toBe(true);
    center.run('palette.open', 'key');
    expect(center.ui.getState().paletteOpen).toBe(false);
    center.run('palette.open', 'key');
    center.run('shortcuts.open', 'palette');
    expect(center.ui.getState()).toMatchObject({ paletteOpen: false, shortcutsOpen: true });
  });

  it('reports a command that fails as a toast, never silently', async () => {
    const { core, store, center } = setUp({ 'checks.run': () => Promise.reject(new Error('boom')) });
    center.ui.setState({ cardRunId: 'run-00001' });
    center.run('run.checks' satisfies CommandId, 'menu');
    await core.flush();
    await core.flush();
    expect(store.getState().toasts.map((t) => t.message)).toEqual([expect.stringMatching(/^Could not run the checks: .*boom/)]);
  });
});
