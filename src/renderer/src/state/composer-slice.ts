// The new-thread draft: prompt, base branch and agent rows (profile x count). Kept in the store so
// it survives switching threads and failed submissions. Pure functions over the draft.
import type { CreateThreadInput, Profile } from '../../../shared/contract';
import { MAX_PROMPT_CHARS, MAX_RUNS_PER_THREAD } from '../../../shared/contract/limits';

export interface AgentRow {
  /** Stable React key for the row. */
  readonly key: number;
  readonly profileId: string;
  readonly count: number;
}

export interface ComposerDraft {
  readonly prompt: string;
  /** null: use the repository's default branch. */
  readonly baseBranch: string | null;
  readonly agents: readonly AgentRow[];
  readonly nextRowKey: number;
}

export const initialDraft: ComposerDraft = {
  prompt: '',
  baseBranch: null,
  agents: [{ key: 1, profileId: '', count: 1 }],
  nextRowKey: 2,
};

export function totalRuns(draft: ComposerDraft): number {
  return draft.agents.reduce((n, a) => n + (Number.isFinite(a.count) ? a.count : 0), 0);
}

export function addAgentRow(draft: ComposerDraft, profileId: string): ComposerDraft {
  return {
    ...draft,
    agents: [...draft.agents, { key: draft.nextRowKey, profileId, count: 1 }],
    nextRowKey: draft.nextRowKey + 1,
  };
}

export function removeAgentRow(draft: ComposerDraft, key: number): ComposerDraft {
  if (draft.agents.length <= 1) return draft;
  return { ...draft, agents: draft.agents.filter((a) => a.key !== key) };
}

export function updateAgentRow(draft: ComposerDraft, key: number, patch: Partial<Omit<AgentRow, 'key'>>): ComposerDraft {
  return { ...draft, agents: draft.agents.map((a) => (a.key === key ? { ...a, ...patch } : a)) };
}

/** Points rows at existing profiles: an empty or deleted profile becomes the first one listed. */
export function ensureDraftProfiles(draft: ComposerDraft, profiles: readonly Profile[]): ComposerDraft {
  const first = profiles[0]?.id;
  if (!first) return draft;
  const known = new Set<string>(profiles.map((p) => p.id));
  if (draft.agents.every((a) => known.has(a.profileId))) return draft;
  return { ...draft, agents: draft.agents.map((a) => (known.has(a.profileId) ? a : { ...a, profileId: first })) };
}

/** The first problem the core would report, checked before sending (same words as the contract). */
export function validateDraft(draft: ComposerDraft, baseBranch: string | null): string | null {
  if (draft.prompt.trim().length === 0) return 'write a prompt first';
  if (draft.prompt.length > MAX_PROMPT_CHARS) return `the prompt is longer than ${MAX_PROMPT_CHARS} characters`;
  if (!baseBranch) return 'choose a base branch';
  if (draft.agents.some((a) => !a.profileId)) return 'choose an agent profile for every row';
  if (draft.agents.some((a) => !Number.isInteger(a.count) || a.count < 1)) return 'count must be at least 1';
  if (totalRuns(draft) > MAX_RUNS_PER_THREAD) return `at most ${MAX_RUNS_PER_THREAD} runs per thread`;
  return null;
}

export function toCreateInput(draft: ComposerDraft, repoId: string, baseBranch: string): CreateThreadInput {
  return {
    repoId,
    prompt: draft.prompt,
    baseBranch,
    agents: draft.agents.map((a) => ({ profileId: a.profileId, count: a.count })),
  };
}

/** After a thread was created: the prompt is cleared, the agent rows and branch stay for next time. */
export function afterSubmit(draft: ComposerDraft): ComposerDraft {
  return { ...draft, prompt: '' };
}
