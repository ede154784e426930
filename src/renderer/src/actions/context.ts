// What every action needs: the RPC client and the store. Components get it from AppServices.
import type { RpcClient } from '../../../shared/rpc/client';
import { errorMessage, isDisconnected } from '../lib/errors';
import type { AppStore } from '../state/store';
import { pushToast } from '../state/ui-slice';

export interface ActionContext {
  readonly client: RpcClient;
  readonly store: AppStore;
}

/** Shows a failed call as a toast (never swallowed); a lost connection is shown by the banner. */
export function reportError(ctx: Pick<ActionContext, 'store'>, err: unknown, prefix?: string): void {
  if (isDisconnected(err)) return;
  const message = prefix ? `${prefix}: ${errorMessage(err)}` : errorMessage(err);
  ctx.store.setState((s) => pushToast(s, message));
}
