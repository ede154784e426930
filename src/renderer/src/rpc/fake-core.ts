// Test helper: a scripted core on the far end of an in-memory transport pair, so renderer code
// runs against the real RPC client. Calls without a handler fail with NOT_FOUND.
import type { CallName, CallOutput, EventName, EventPayload, ParsedInput } from '../../../shared/contract';
import { AppError, toWireError } from '../../../shared/errors';
import type { Transport } from '../../../shared/protocol';
import { createClient, type RpcClient } from '../../../shared/rpc/client';
import { createMemoryTransportPair } from '../../../shared/rpc/memory-transport';

export type FakeHandlers = { [N in CallName]?: (input: ParsedInput<N>) => CallOutput<N> | Promise<CallOutput<N>> };

export interface FakeCore {
  readonly client: RpcClient;
  readonly calls: { name: CallName; input: unknown }[];
  emit<N extends EventName>(name: N, payload: EventPayload<N>): void;
  /** Lets queued frames (which travel as microtasks) arrive. */
  flush(): Promise<void>;
  readonly serverEnd: Transport;
}

export function createFakeCore(handlers: FakeHandlers): FakeCore {
  const [clientEnd, serverEnd] = createMemoryTransportPair();
  const calls: { name: CallName; input: unknown }[] = [];
  serverEnd.onFrame((frame) => {
    if (frame.t !== 'req') return;
    calls.push({ name: frame.name, input: frame.input });
    const handler = handlers[frame.name] as ((input: unknown) => unknown) | undefined;
    Promise.resolve()
      .then(() => {
        if (!handler) throw new AppError('NOT_FOUND', `no fake handler for ${frame.name}`);
        return handler(frame.input);
      })
      .then(
        (output) => serverEnd.send({ t: 'res', id: frame.id, ok: true, output }),
        (err: unknown) => serverEnd.send({ t: 'res', id: frame.id, ok: false, error: toWireError(err) }),
      );
  });
  return {
    client: createClient(clientEnd),
    calls,
    emit: (name, payload) => serverEnd.send({ t: 'evt', name, payload }),
    flush: () => new Promise((resolve) => setTimeout(resolve, 0)),
    serverEnd,
  };
}
