import { describe, expect, it } from 'vitest';
import type { CliAvailability, Profile, RunActivity } from '../../../shared/contract';
import {
  activityBucket,
  activityLabel,
  activityTitle,
  addApproval,
  approvalsOf,
  countByActivity,
  followUpBlocker,
  formatTokens,
  formatUsage,
  groupProfiles,
  initialAgentsSlice,
  liveActivity,
  needsYouCount,
  nextNeedingRun,
  profileOptionLabel,
  removeApproval,
  runChanged,
  runsNeedingYou,
  unavailableCliProblem,
} from './agents-slice';
import { initialRunsSlice, upsertRuns } from './runs-slice';
import { makeRun, makeThread } from './test-fixtures';

const act = (state: RunActivity['state'], over: Partial<RunActivity> = {}): RunActivity => ({ state, source: 'osc', guess: false, detail: null, since: 10, ...over });

const profile = (over: Omit<Partial<Profile>, 'id'> & { id: string; kind: Profile['kind'] }): Profile =>
  ({ name: over.id, argv: [], builtIn: true, cliId: null, builtin: null, ...over }) as Profile;

const codexCli: CliAvailability = { id: 'codex', name: 'Codex CLI', available: true, version: '9.9.9', path: '/bin/codex', problem: null, installHint: 'npm i -g @openai/codex', docsUrl: 'https://x' };
const claudeCli: CliAvailability = { id: 'claude', name: 'Claude Code', available: false, version: null, path: null, problem: 'claude is not on the PATH.', installHint: 'npm i -g @anthropic-ai/claude-code', docsUrl: 'https://y' };

describe('agents slice: approvals', () => {
  it('adds a request once, removes it, and drops the run once it no longer waits', () => {
    let s = { ...initialRunsSlice, ...initialAgentsSlice };
    s = { ...s, ...upsertRuns(s, [makeRun({ id: 'run-00001', status: 'running', activity: act('needs-input', { source: 'loop' }) })]) };
    const req = { runId: 'run-00001', callId: 'c1', command: 'npm test', sandboxed: true };
    s = { ...s, ...addApproval(s, req) };
    expect(addApproval(s, req)).toBe(s);
    expect(approvalsOf(s, 'run-00001').map((a) => a.command)).toEqual(['npm test']);

    // Still waiting (a new detail): kept.
    const same = runChanged(s, makeRun({ id: 'run-00001', status: 'running', activity: act('needs-input', { source: 'loop', detail: 'x' }) }));
    expect(approvalsOf({ ...s, ...same }, 'run-00001')).toHaveLength(1);
    // Answered: back to working, the request is gone.
    const answered = { ...s, ...runChanged(s, makeRun({ id: 'run-00001', status: 'running', activity: act('working', { source: 'loop' }) })) };
    expect(approvalsOf(answered, 'run-00001')).toEqual([]);
    expect(answered.approvalsByRun).toEqual({});

    expect(removeApproval(s, 'run-00001', 'c1').approvalsByRun).toEqual({});
    expect(removeApproval(s, 'run-00001', 'nope')).toBe(s);
  });

  it('returns the state itself when a run event changes nothing', () => {
    const run = makeRun({ id: 'run-00001', status: 'running' });
    const s = { ...initialAgentsSlice, ...upsertRuns(initialRunsSlice, [run]) };
    expect(runChanged(s, run)).toBe(s);
  });
});

describe('agents slice: profiles and CLIs', () => {
  const profiles = [
    profile({ id: 'shell', kind: 'shell', name: 'Shell' }),
    profile({ id: 'codex', kind: 'cli', name: 'Codex CLI', cliId: 'codex' }),
    profile({ id: 'claude', kind: 'cli', name: 'Claude Code', cliId: 'claude' }),
    profile({ id: 'agent-1', kind: 'builtin', name: 'GPT', builtIn: false, builtin: { baseUrl: 'https://a/v1', model: 'gpt-x', api: 'auto', approval: 'ask', sandbox: true, network: false, apiKeyEnv: 'K', hasApiKey: false, keyStored: false } }),
    profile({ id: 'cmd-1', kind: 'command', name: 'Mine', builtIn: false, argv: ['node', 'a.js'] }),
  ];

  it('groups agents (built-in agent profiles first, then CLIs), the shell and command templates', () => {
    expect(groupProfiles(profiles).map((g) => [g.label, g.profiles.map((p) => p.id)])).toEqual([
      ['Agents', ['agent-1', 'codex', 'claude']],
      ['Shell', ['shell']],
      ['Commands', ['cmd-1']],
    ]);
    expect(groupProfiles([profiles[0]!]).map((g) => g.label)).toEqual(['Shell']);
  });

  it('labels CLIs with their version or as not installed, and built-in agents with their model', () => {
    const s = { clis: [codexCli, claudeCli], clisLoading: false };
    expect(profileOptionLabel(s, profiles[1]!)).toBe('Codex CLI \u2014 9.9.9');
    expect(profileOptionLabel(s, profiles[2]!)).toBe('Claude Code \u2014 not installed');
    expect(profileOptionLabel({ clis: null, clisLoading: true }, profiles[1]!)).toBe('Codex CLI \u2014 checking\u2026');
    expect(profileOptionLabel(s, profiles[3]!)).toBe('GPT \u2014 gpt-x (no key)');
    expect(profileOptionLabel(s, profiles[0]!)).toBe('Shell');
  });

  it('refuses a thread with a CLI that is not installed, saying how to install it', () => {
    const s = { clis: [codexCli, claudeCli] };
    expect(unavailableCliProblem(s, profiles, ['shell', 'codex'])).toBeNull();
    expect(unavailableCliProblem(s, profiles, ['codex', 'claude'])).toBe('Claude Code is not installed: npm i -g @anthropic-ai/claude-code');
    expect(unavailableCliProblem({ clis: null }, profiles, ['claude'])).toBeNull();
  });
});

describe('agents slice: activity', () => {
  it('never shows activity for a process that has ended', () => {
    expect(liveActivity(makeRun({ id: 'r', status: 'running', activity: act('working') }))?.state).toBe('working');
    expect(liveActivity(makeRun({ id: 'r', status: 'exited', exitCode: 0, activity: act('working') }))).toBeNull();
  });

  it('labels guesses with a question mark and says where a state comes from', () => {
    expect(activityLabel(act('needs-input'))).toBe('needs input');
    expect(activityLabel(act('needs-input', { guess: true }))).toBe('needs input?');
    const title = activityTitle(act('needs-input', { source: 'heuristic', guess: true, detail: 'No output for 30 s' }));
    expect(title).toContain('Probably needs input, from quiet output (a guess)');
    expect(title).toContain('No output for 30 s');
    expect(activityTitle(act('working', { source: 'osc' }))).toContain('working, from a terminal notification (OSC)');
  });

  it('counts needs input, working and done; a clean exit counts as done, a stop or a crash does not', () => {
    const runs = [
      makeRun({ id: 'a', status: 'running', activity: act('needs-input') }),
      makeRun({ id: 'b', status: 'running', activity: act('working') }),
      makeRun({ id: 'c', status: 'running', activity: act('done') }),
      makeRun({ id: 'd', status: 'exited', exitCode: 0 }),
      makeRun({ id: 'e', status: 'exited', exitCode: 1 }),
      makeRun({ id: 'f', status: 'exited', exitCode: 130, stoppedByUser: true }),
      makeRun({ id: 'g', status: 'running' }),
    ];
    expect(countByActivity(runs)).toEqual({ 'needs-input': 1, working: 1, done: 2 });
    expect(activityBucket(runs[6]!)).toBeNull();
  });
});

describe('agents slice: runs that need the user', () => {
  const state = () => {
    const runs = upsertRuns(initialRunsSlice, [
      makeRun({ id: 'run-a1', index: 1, status: 'running', activity: act('needs-input', { since: 30 }) }),
      makeRun({ id: 'run-a2', index: 2, status: 'running', activity: act('working') }),
      makeRun({ id: 'run-a3', index: 3, status: 'running', activity: act('needs-input', { since: 20 }) }),
      makeRun({ id: 'run-a4', index: 4, status: 'running', activity: act('needs-input'), archivedAt: 5 }),
      makeRun({ id: 'run-b1', threadId: 'thread-0002', index: 1, status: 'running', activity: act('needs-input', { since: 25, guess: true }) }),
      makeRun({ id: 'run-x1', threadId: 'thread-othr', index: 1, status: 'running', activity: act('needs-input') }),
    ]);
    return { ...runs, threads: [makeThread({ id: 'thread-0001' }), makeThread({ id: 'thread-0002' })] };
  };

  it('lists the waiting runs of this repository, longest waiting first, archived ones left out', () => {
    expect(runsNeedingYou(state()).map((r) => r.id)).toEqual(['run-a3', 'run-b1', 'run-a1']);
    expect(needsYouCount(state())).toBe(3);
  });

  it('jumps to the next one after the focused run, wrapping around', () => {
    const s = state();
    expect(nextNeedingRun(s, null)?.id).toBe('run-a3');
    expect(nextNeedingRun(s, 'run-a3')?.id).toBe('run-b1');
    expect(nextNeedingRun(s, 'run-a1')?.id).toBe('run-a3');
    expect(nextNeedingRun(s, 'run-a2')?.id).toBe('run-a3');
    expect(nextNeedingRun({ ...initialRunsSlice, threads: [] }, null)).toBeNull();
  });
});

describe('agents slice: follow-ups and usage', () => {
  it('says why a run cannot take a follow-up', () => {
    const cli = (over: Parameters<typeof makeRun>[0]) => followUpBlocker(makeRun(over), 'cli');
    const builtin = (over: Parameters<typeof makeRun>[0]) => followUpBlocker(makeRun(over), 'builtin');
    expect(cli({ id: 'r', status: 'running' })).toBeNull();
    expect(cli({ id: 'r', status: 'exited', exitCode: 0 })).toMatch(/process has ended/);
    expect(cli({ id: 'r', status: 'starting' })).toMatch(/still starting/);
    expect(builtin({ id: 'r', status: 'exited', exitCode: 0 })).toBeNull();
    expect(builtin({ id: 'r', status: 'failed' })).toBeNull();
    expect(builtin({ id: 'r', status: 'running', activity: act('working', { source: 'loop' }) })).toMatch(/working on its turn/);
    expect(builtin({ id: 'r', status: 'running', activity: act('needs-input', { source: 'loop' }) })).toMatch(/waiting for your answer/);
    expect(builtin({ id: 'r', status: 'exited', exitCode: 0, archivedAt: 9 })).toMatch(/archived/);
    expect(builtin({ id: 'r', status: 'failed', worktreePath: '' })).toMatch(/no worktree/);
  });

  it('formats token counts compactly', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(12_345)).toBe('12.3k');
    expect(formatTokens(123_456)).toBe('123k');
    expect(formatTokens(1_234_567)).toBe('1.2M');
    expect(formatUsage({ inputTokens: 12_300, outputTokens: 1_100 })).toBe('12.3k in \u00b7 1.1k out');
    expect(formatUsage(null)).toBeNull();
  });
});
