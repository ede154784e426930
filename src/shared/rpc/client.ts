// Typed RPC client over any Transport: calls resolve with the contract's output type or reject
// with an RpcError carrying the core's error code. Used by the renderer, the CLI and the tests.
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '../contract';
import type { ErrorCode } from '../errors';
import type { Transport } from '../protocol';
import { AckBatch } from './ack-batch';

export class RpcError extends Error {
  readonly code: ErrorCode | 'DISCONNECTED';
  constructor(code: ErrorCode | 'DISCONNECTED', message: string) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
  }
}

/** `replay` is set on the frame that (re)starts the stream: reset the terminal to that size, then write. */
type PtyListener = (data: string, replay?: { cols: number; rows: number; truncated: boolean }) => void;

export interface RpcClient {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
  /** Terminal output for one run (after `runs.attach`). */
  onPty(runId: string, listener: PtyListener): () => void;
  /**
   * Flow-control credit: `chars` characters of the run's output have been parsed (see FlowControl).
   * Sent within FlowControl.ackCoalesceMs, in one frame with the other runs' credits of that moment.
   */
  ack(runId: string, chars: number): void;
  onClose(listener: () => void): () => void;
  close(): void;
}

export function createClient(transport: Transport): RpcClient {
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const ptyListeners = new Map<string, Set<PtyListener>>();
  const acks = new AckBatch((frame) => {
    if (!closed) transport.send(frame);
  });

  transport.onFrame((f) => {
    if (f.t === 'res') {
      const p = pending.get(f.id);
      if (!p) return;
      pending.delete(f.id);
      if (f.ok) p.resolve(f.output);
      else p.reject(new RpcError(f.error.code, f.error.message));
    } else if (f.t === 'evt') {
      listeners.get(f.name)?.forEach((l) => l(f.payload));
    } else if (f.t === 'pty') {
      if (f.replay) acks.forget(f.runId); // credits for the stream this replay replaces count no more
      ptyListeners.get(f.runId)?.forEach((l) => l(f.data, f.replay));
    }
  });
  transport.onClose(() => {
    closed = true;
    acks.dispose();
    for (const p of pending.values()) p.reject(new RpcError('DISCONNECTED', 'The connection to Switchyard was lost.'));
    pending.clear();
  });

  const subscribe = <L>(map: Map<string, Set<L>>, key: string, listener: L): (() => void) => {
    const set = map.get(key) ?? new Set<L>();
    map.set(key, set);
    set.add(listener);
    return () => set.delete(listener);
  };

  return {
    call(name, input) {
      if (closed) return Promise.reject(new RpcError('DISCONNECTED', 'The connection to Switchyard was lost.'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        transport.send({ t: 'req', id, name, input });
      });
    },
    on(name, listener) {
      return subscribe(listeners, name, listener as (payload: unknown) => void);
    },
    onPty(runId, listener) {
      return subscribe(ptyListeners, runId, listener);
    },
    ack(runId, chars) {
      if (!closed && chars > 0) acks.add(runId, chars);
    },
    onClose(listener) {
      return transport.onClose(listener);
    },
    close() {
      acks.dispose();
      transport.close();
    },
  };
}
