// What the window knows about agents beyond the runs themselves: which agent CLIs are installed,
// and the built-in agent's commands waiting for the user's approval. Plus the pure helpers the
// composer, the cards and the focused view share: profile groups, activity labels and counts,
// the runs that need the user, and whether a run can take a follow-up. Pure functions only.
import type { CliAvailability, Profile, Run, RunActivity } from '../../../shared/contract';
import { isOnBoard } from './review-slice';
import { isActive, upsertRun, type RunsSlice } from './runs-slice';

export interface PendingApproval {
  readonly runId: string;
  readonly callId: string;
  readonly command: string;
  readonly sandboxed: boolean;
}

export interface AgentsSlice {
  /** `profiles.detectClis`' last answer; null until it has answered once. */
  readonly clis: readonly CliAvailability[] | null;
  readonly clisLoading: boolean;
  /** Why the last detection failed; null when it worked. */
  readonly clisError: string | null;
  /** Commands of built-in agent runs waiting for approval, per run, oldest first. */
  readonly approvalsByRun: Readonly<Record<string, readonly PendingApproval[]>>;
}

export const initialAgentsSlice: AgentsSlice = { clis: null, clisLoading: false, clisError: null, approvalsByRun: {} };

// ---- Approvals ----

const NO_APPROVALS: readonly PendingApproval[] = [];

export function approvalsOf(s: Pick<AgentsSlice, 'approvalsByRun'>, runId: string): readonly PendingApproval[] {
  return s.approvalsByRun[runId] ?? NO_APPROVALS;
}

export function addApproval(s: Pick<AgentsSlice, 'approvalsByRun'>, req: PendingApproval): Pick<AgentsSlice, 'approvalsByRun'> {
  const list = approvalsOf(s, req.runId);
  if (list.some((a) => a.callId === req.callId)) return s;
  const approval: PendingApproval = { runId: req.runId, callId: req.callId, command: req.command, sandboxed: req.sandboxed };
  return { approvalsByRun: { ...s.approvalsByRun, [req.runId]: [...list, approval] } };
}

export function removeApproval(s: Pick<AgentsSlice, 'approvalsByRun'>, runId: string, callId: string): Pick<AgentsSlice, 'approvalsByRun'> {
  const list = approvalsOf(s, runId);
  if (!list.some((a) => a.callId === callId)) return s;
  const rest = list.filter((a) => a.callId !== callId);
  const approvalsByRun = { ...s.approvalsByRun };
  if (rest.length > 0) approvalsByRun[runId] = rest;
  else delete approvalsByRun[runId];
  return { approvalsByRun };
}

/**
 * A request stays answerable only while its run waits: the core sets the run's activity to
 * needs-input before it asks, and back to working (or ends the run) once it is answered or
 * abandoned. Any other state means the requests this window holds are stale.
 */
function reconcileApprovals(approvalsByRun: AgentsSlice['approvalsByRun'], run: Run | undefined): AgentsSlice['approvalsByRun'] {
  if (!run || !approvalsByRun[run.id]) return approvalsByRun;
  if (isActive(run.status) && run.activity?.state === 'needs-input') return approvalsByRun;
  const next = { ...approvalsByRun };
  delete next[run.id];
  return next;
}

/** `runs.changed`: the run goes into the store and stale approval requests of it are dropped. */
export function runChanged<S extends RunsSlice & AgentsSlice>(s: S, run: Run): S | (RunsSlice & Pick<AgentsSlice, 'approvalsByRun'>) {
  const runs = upsertRun(s, run);
  const approvalsByRun = reconcileApprovals(s.approvalsByRun, runs.runsById[run.id]);
  if (runs === s && approvalsByRun === s.approvalsByRun) return s;
  return { runsById: runs.runsById, runIdsByThread: runs.runIdsByThread, approvalsByRun };
}

// ---- Profiles and CLIs ----

export interface ProfileGroup {
  readonly label: 'Agents' | 'Shell' | 'Commands';
  readonly profiles: readonly Profile[];
}

/** The composer's picker: built-in agent profiles and the CLIs, then the shell, then command templates. */
export function groupProfiles(profiles: readonly Profile[]): ProfileGroup[] {
  const agents = [...profiles.filter((p) => p.kind === 'builtin'), ...profiles.filter((p) => p.kind === 'cli')];
  const groups: ProfileGroup[] = [
    { label: 'Agents', profiles: agents },
    { label: 'Shell', profiles: profiles.filter((p) => p.kind === 'shell') },
    { label: 'Commands', profiles: profiles.filter((p) => p.kind === 'command') },
  ];
  return groups.filter((g) => g.profiles.length > 0);
}

export function cliOf(s: Pick<AgentsSlice, 'clis'>, profile: Pick<Profile, 'kind' | 'cliId'>): CliAvailability | undefined {
  return profile.kind === 'cli' && profile.cliId ? s.clis?.find((c) => c.id === profile.cliId) : undefined;
}

/** A CLI that detection found missing: it cannot be started. Unknown (not detected yet) is not missing. */
export function isUnavailableCli(s: Pick<AgentsSlice, 'clis'>, profile: Pick<Profile, 'kind' | 'cliId'>): boolean {
  return cliOf(s, profile)?.available === false;
}

/** What the picker shows for a profile: its name plus the version, model or why it cannot run. */
export function profileOptionLabel(s: Pick<AgentsSlice, 'clis' | 'clisLoading'>, profile: Profile): string {
  if (profile.kind === 'cli') {
    const cli = cliOf(s, profile);
    if (!cli) return `${profile.name}${s.clisLoading ? ' \u2014 checking\u2026' : ''}`;
    if (!cli.available) return `${profile.name} \u2014 not installed`;
    return `${profile.name} \u2014 ${cli.version ?? 'installed'}`;
  }
  if (profile.kind === 'builtin' && profile.builtin) {
    return `${profile.name} \u2014 ${profile.builtin.model}${profile.builtin.hasApiKey ? '' : ' (no key)'}`;
  }
  return profile.name;
}

/** The first agent row whose profile is a CLI detection found missing, as the reason to refuse. */
export function unavailableCliProblem(s: Pick<AgentsSlice, 'clis'>, profiles: readonly Profile[], profileIds: readonly string[]): string | null {
  for (const id of profileIds) {
    const profile = profiles.find((p) => p.id === id);
    const cli = profile ? cliOf(s, profile) : undefined;
    if (cli && !cli.available) return `${cli.name} is not installed: ${cli.installHint}`;
  }
  return null;
}

export function profileKindOf(s: { readonly profiles: readonly Profile[] }, run: Pick<Run, 'profileId'>): Profile['kind'] | null {
  return s.profiles.find((p) => p.id === run.profileId)?.kind ?? null;
}

// ---- Activity ----

/** The activity a run shows: only while its process may be alive (a dead process is never working). */
export function liveActivity(run: Pick<Run, 'status' | 'activity'>): RunActivity | null {
  return isActive(run.status) ? run.activity : null;
}

export function activityLabel(activity: Pick<RunActivity, 'state' | 'guess'>): string {
  const word = activity.state === 'needs-input' ? 'needs input' : activity.state;
  return activity.guess ? `${word}?` : word;
}

const SOURCE_LABELS: Record<RunActivity['source'], string> = {
  hook: 'the agent\u2019s hooks',
  notify: 'the agent\u2019s notify program',
  osc: 'a terminal notification (OSC)',
  heuristic: 'quiet output (a guess)',
  loop: 'the built-in agent',
};

export function activitySourceLabel(source: RunActivity['source']): string {
  return SOURCE_LABELS[source];
}

/** The badge's tooltip: where the state comes from, and that a guess is a guess. */
export function activityTitle(activity: RunActivity): string {
  const lines = [`${activity.guess ? 'Probably ' : ''}${activityLabel({ ...activity, guess: false })}, from ${activitySourceLabel(activity.source)}`];
  if (activity.guess) lines.push('A guess: the agent reports nothing itself, so quiet output is read as waiting.');
  if (activity.detail) lines.push(activity.detail);
  lines.push(`Since ${new Date(activity.since).toLocaleTimeString()}`);
  return lines.join('\n');
}

export type ActivityBucket = 'needs-input' | 'working' | 'done';
export const ACTIVITY_BUCKETS: readonly ActivityBucket[] = ['needs-input', 'working', 'done'];

/**
 * Where a run counts in the board's header: what its agent reports while it runs; `done` also
 * for a run whose process finished cleanly (its turn is over). Shells and commands report nothing
 * while they run, so they are not counted as working.
 */
export function activityBucket(run: Pick<Run, 'status' | 'activity' | 'exitCode' | 'stoppedByUser'>): ActivityBucket | null {
  const activity = liveActivity(run);
  if (activity) return activity.state;
  if (run.status === 'exited' && run.exitCode === 0 && !run.stoppedByUser) return 'done';
  return null;
}

export function countByActivity(runs: readonly Pick<Run, 'status' | 'activity' | 'exitCode' | 'stoppedByUser'>[]): Record<ActivityBucket, number> {
  const counts: Record<ActivityBucket, number> = { 'needs-input': 0, working: 0, done: 0 };
  for (const run of runs) {
    const bucket = activityBucket(run);
    if (bucket) counts[bucket] += 1;
  }
  return counts;
}

/** The wording of a count in the header. */
export function bucketLabel(bucket: ActivityBucket, n: number): string {
  if (bucket === 'needs-input') return n === 1 ? 'needs input' : 'need input';
  return bucket;
}

// ---- Runs that need the user ----

interface NeedsYouState extends RunsSlice {
  readonly threads: readonly { readonly id: string }[];
}

/** Runs of the open repository's threads (on the board) waiting for the user, longest waiting first. */
export function runsNeedingYou(s: NeedsYouState): Run[] {
  const out: Run[] = [];
  for (const thread of s.threads) {
    for (const id of s.runIdsByThread[thread.id] ?? []) {
      const run = s.runsById[id];
      if (run && isOnBoard(run) && liveActivity(run)?.state === 'needs-input') out.push(run);
    }
  }
  return out.sort((a, b) => (a.activity?.since ?? 0) - (b.activity?.since ?? 0) || a.index - b.index);
}

export function needsYouCount(s: NeedsYouState): number {
  return runsNeedingYou(s).length;
}

/** The run the jump shortcut goes to: the one after `currentRunId` in the waiting order, wrapping. */
export function nextNeedingRun(s: NeedsYouState, currentRunId: string | null): Run | null {
  const list = runsNeedingYou(s);
  if (list.length === 0) return null;
  const at = currentRunId ? list.findIndex((r) => r.id === currentRunId) : -1;
  return list[(at + 1) % list.length] ?? null;
}

// ---- Follow-ups ----

/** Why the run cannot take a follow-up prompt now, in one sentence; null when it can. */
export function followUpBlocker(run: Pick<Run, 'status' | 'archivedAt' | 'worktreePath' | 'activity'>, kind: Profile['kind'] | null): string | null {
  if (run.archivedAt !== null) return 'This run is archived: restore it from the Trash to continue it.';
  if (run.status === 'starting') return 'The run is still starting.';
  if (kind === 'builtin') {
    if (run.status === 'running') {
      return run.activity?.state === 'needs-input'
        ? 'The agent is waiting for your answer above; a follow-up can go once its turn is over.'
        : 'The agent is working on its turn: wait for it to finish, or stop it.';
    }
    if (!run.worktreePath) return 'This run has no worktree (it failed before starting).';
    return null;
  }
  if (run.status !== 'running') return 'The process has ended, so there is nothing to type into. Start a new thread to continue this work.';
  return null;
}

// ---- Token usage ----

/** `950`, `12.3k`, `123k`, `1.2M`. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 100_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** `12.3k in · 1.1k out`, or null when the agent reports no usage. */
export function formatUsage(usage: Run['usage']): string | null {
  if (!usage) return null;
  return `${formatTokens(usage.inputTokens)} in \u00b7 ${formatTokens(usage.outputTokens)} out`;
}
