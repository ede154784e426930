import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../shared/contract';
import { MAX_RUNS_PER_THREAD } from '../../../shared/contract/limits';
import {
  addAgentRow,
  afterSubmit,
  ensureDraftProfiles,
  initialDraft,
  removeAgentRow,
  toCreateInput,
  totalRuns,
  updateAgentRow,
  validateDraft,
} from './composer-slice';

const profile = (id: string): Profile => ({ id: id as Profile['id'], name: id, kind: 'shell', argv: [], builtIn: true, cliId: null, builtin: null });

describe('composer draft', () => {
  it('points rows without a known profile at the first profile', () => {
    const draft = ensureDraftProfiles(initialDraft, [profile('shell'), profile('other')]);
    expect(draft.agents.map((a) => a.profileId)).toEqual(['shell']);
    expect(ensureDraftProfiles(draft, [profile('shell')])).toBe(draft);
  });

  it('adds and removes rows but always keeps one', () => {
    let d = addAgentRow(initialDraft, 'shell');
    expect(d.agents).toHaveLength(2);
    expect(new Set(d.agents.map((a) => a.key)).size).toBe(2);
    d = removeAgentRow(d, d.agents[0]!.key);
    expect(d.agents).toHaveLength(1);
    expect(removeAgentRow(d, d.agents[0]!.key)).toBe(d);
  });

  it('checks the prompt, the branch and the total number of runs', () => {
    const base = { ...ensureDraftProfiles(initialDraft, [profile('shell')]), prompt: 'do it' };
    expect(validateDraft({ ...base, prompt: '   ' }, 'main')).toBe('write a prompt first');
    expect(validateDraft(base, null)).toBe('choose a base branch');
    const row = base.agents[0]!;
    expect(validateDraft(updateAgentRow(base, row.key, { count: Number.NaN }), 'main')).toBe('count must be at least 1');
    const tooMany = updateAgentRow(base, row.key, { count: MAX_RUNS_PER_THREAD + 1 });
    expect(totalRuns(tooMany)).toBe(MAX_RUNS_PER_THREAD + 1);
    expect(validateDraft(tooMany, 'main')).toBe(`at most ${MAX_RUNS_PER_THREAD} runs per thread`);
    expect(validateDraft(base, 'main')).toBeNull();
  });

  it('builds the threads.create input and clears only the prompt afterwards', () => {
    const d = { ...updateAgentRow(ensureDraftProfiles(initialDraft, [profile('shell')]), 1, { count: 3 }), prompt: 'go' };
    expect(toCreateInput(d, 'repo-0001', 'main')).toEqual({
      repoId: 'repo-0001',
      prompt: 'go',
      baseBranch: 'main',
      agents: [{ profileId: 'shell', count: 3 }],
    });
    expect(afterSubmit(d)).toEqual({ ...d, prompt: '' });
  });
});
