// Agents: detecting the installed CLIs, saving and testing built-in agent profiles, answering the
// built-in agent's approval requests, follow-up prompts, and jumping to the runs that need the user.
import type { BuiltinSettings, Profile } from '../../../shared/contract';
import { RpcError } from '../../../shared/rpc/client';
import { errorMessage } from '../lib/errors';
import { nextNeedingRun, removeApproval } from '../state/agents-slice';
import { upsertRun, upsertRuns } from '../state/runs-slice';
import { findThread } from '../state/threads-slice';
import { upsertProfile } from '../state/ui-slice';
import { reportError, type ActionContext } from './context';

/** Asks the core which agent CLIs are installed; `force` re-runs the detection (after installing one). */
export async function detectClis(ctx: ActionContext, force = false): Promise<void> {
  ctx.store.setState({ clisLoading: true });
  try {
    const clis = await ctx.client.call('profiles.detectClis', force ? { force: true } : {});
    ctx.store.setState({ clis, clisLoading: false, clisError: null });
  } catch (err) {
    ctx.store.setState({ clisLoading: false, clisError: errorMessage(err) });
  }
}

/** `apiKey` is write-only: saved encrypted in the OS keychain (desktop app); '' removes a stored one. */
export type BuiltinForm = BuiltinSettings & { readonly id?: string; readonly name: string; readonly apiKey?: string };

export type SaveBuiltinResult = { ok: true; profile: Profile } | { ok: false; error: string };

export async function saveBuiltinProfile(ctx: ActionContext, form: BuiltinForm): Promise<SaveBuiltinResult> {
  try {
    const { id, ...rest } = form;
    const profile = await ctx.client.call('profiles.saveBuiltin', id ? { ...rest, id } : rest);
    ctx.store.setState((s) => ({ profiles: upsertProfile(s.profiles, profile) }));
    return { ok: true, profile };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

/** The endpoint's answer to "list your models", or why the call itself failed. */
export async function testConnection(ctx: ActionContext, profileId: string): Promise<{ ok: boolean; message: string }> {
  try {
    return await ctx.client.call('profiles.testConnection', { id: profileId });
  } catch (err) {
    return { ok: false, message: errorMessage(err) };
  }
}

/** Answers an approval request; a request that is no longer waiting is dropped and said so. */
export async function answerApproval(ctx: ActionContext, runId: string, callId: string, approve: boolean): Promise<void> {
  try {
    await ctx.client.call('runs.approve', { runId, callId, approve });
    ctx.store.setState((s) => removeApproval(s, runId, callId));
  } catch (err) {
    if (err instanceof RpcError && err.code === 'NOT_FOUND') {
      ctx.store.setState((s) => removeApproval(s, runId, callId));
      reportError(ctx, new Error('That command is no longer waiting for approval (the run moved on or was stopped).'));
      return;
    }
    reportError(ctx, err, approve ? 'Could not approve the command' : 'Could not deny the command');
  }
}

/** Sends another prompt to a run; resolves with the core's reason when it refused, or null. */
export async function sendFollowUp(ctx: ActionContext, runId: string, prompt: string): Promise<string | null> {
  try {
    const run = await ctx.client.call('runs.followUp', { runId, prompt });
    ctx.store.setState((s) => upsertRun(s, run));
    return null;
  } catch (err) {
    return errorMessage(err);
  }
}

/** Shows a run in the large terminal, selecting its thread first when another one is shown. */
export function openRun(ctx: ActionContext, runId: string): void {
  const s = ctx.store.getState();
  const run = s.runsById[runId];
  if (!run || !findThread(s, run.threadId)) return;
  const otherThread = s.selectedThreadId !== run.threadId;
  ctx.store.setState({ selectedThreadId: run.threadId, focusedRunId: runId, returnFocusRunId: null, panel: null, pickingRepo: false });
  if (otherThread) {
    ctx.client.call('threads.get', { threadId: run.threadId }).then(
      ({ runs }) => ctx.store.setState((st) => upsertRuns(st, runs)),
      (err: unknown) => reportError(ctx, err, 'Could not load the thread'),
    );
  }
}

/** Focuses the next run waiting for the user; false when none is waiting. */
export function jumpToNextNeeding(ctx: ActionContext): boolean {
  const s = ctx.store.getState();
  const next = nextNeedingRun(s, s.focusedRunId);
  if (!next) return false;
  openRun(ctx, next.id);
  return true;
}
