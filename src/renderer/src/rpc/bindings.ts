// Every event from the core enters the store here, and nowhere else.
import type { RpcClient } from '../../../shared/rpc/client';
import { addApproval, runChanged } from '../state/agents-slice';
import { appendCheckOutput, checkChanged } from '../state/checks-slice';
import type { AppStore } from '../state/store';
import { upsertThread } from '../state/threads-slice';

export function bindStore(client: RpcClient, store: AppStore): () => void {
  const offs = [
    client.on('runs.changed', (run) => store.setState((s) => runChanged(s, run))),
    client.on('runs.approvalRequested', (req) => store.setState((s) => addApproval(s, req))),
    client.on('threads.changed', (thread) => store.setState((s) => upsertThread(s, thread))),
    client.on('checks.changed', (result) => store.setState((s) => checkChanged(s, result))),
    client.on('checks.output', ({ checkId, runId, data }) => store.setState((s) => appendCheckOutput(s, checkId, runId, data))),
    client.on('app.storage', (storage) => store.setState({ storage })),
    client.onClose(() => store.setState({ connection: 'closed' })),
  ];
  return () => {
    for (const off of offs) off();
  };
}
