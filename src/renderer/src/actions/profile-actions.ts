// Saving command-template profiles.
import type { Profile } from '../../../shared/contract';
import { errorMessage } from '../lib/errors';
import { upsertProfile } from '../state/ui-slice';
import type { ActionContext } from './context';

export type SaveProfileResult = { ok: true; profile: Profile } | { ok: false; error: string };

export async function saveCommandProfile(ctx: ActionContext, name: string, commandLine: string): Promise<SaveProfileResult> {
  try {
    const profile = await ctx.client.call('profiles.saveCommand', { name, commandLine });
    ctx.store.setState((s) => ({ profiles: upsertProfile(s.profiles, profile) }));
    return { ok: true, profile };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}
