// The trust boundary: validates every request against the contract, dispatches it to its handler
// and turns results and thrown errors into response frames. The one place errors are mapped.
import { contract, isCallName, type CallName, type CallOutput, type ParsedInput } from '../../shared/contract';
import { AppError, toWireError } from '../../shared/errors';
import { isFrame, type Frame } from '../../shared/protocol';
import type { Connection } from './connection-hub';

export type Handlers = {
  [N in CallName]: (input: ParsedInput<N>, conn: Connection) => Promise<CallOutput<N>>;
};

/** Longest error message echoed back for invalid input, in characters (inputs can be huge). */
const MAX_ISSUE_CHARS = 300;

interface Issue {
  path: PropertyKey[];
  message: string;
}

function describeIssues(issues: readonly Issue[]): string {
  const first = issues[0];
  if (!first) return 'Invalid input.';
  const where = first.path.length > 0 ? `${first.path.map(String).join('.')}: ` : '';
  const text = `${where}${first.message}`;
  return text.length > MAX_ISSUE_CHARS ? `${text.slice(0, MAX_ISSUE_CHARS)}…` : text;
}

/** Validates a request's input, or throws INVALID_INPUT with the first problem in plain words. */
export function parseInput<N extends CallName>(name: N, input: unknown): ParsedInput<N> {
  const result = contract[name].input.safeParse(input);
  if (!result.success) throw new AppError('INVALID_INPUT', describeIssues(result.error.issues));
  return result.data as ParsedInput<N>;
}

export function serveConnection(conn: Connection, handlers: Handlers, onError?: (err: unknown) => void): () => void {
  const { transport } = conn;
  return transport.onFrame((frame: Frame) => {
    if (!isFrame(frame) || frame.t !== 'req') return;
    const id = typeof frame.id === 'number' ? frame.id : -1;
    void (async () => {
      try {
        if (!isCallName(frame.name)) {
          // Only a string is echoed: String() of a peer's object can throw (`{"toString":1}`).
          const raw: unknown = frame.name;
          const shown = typeof raw === 'string' ? raw.slice(0, 80) : `(a ${typeof raw})`;
          throw new AppError('INVALID_INPUT', `Unknown operation: ${shown}`);
        }
        const name = frame.name;
        const input = parseInput(name, frame.input);
        const handler = handlers[name] as (i: unknown, c: Connection) => Promise<unknown>;
        const output = await handler(input, conn);
        transport.send({ t: 'res', id, ok: true, output });
      } catch (err) {
        if (!(err instanceof AppError)) onError?.(err);
        transport.send({ t: 'res', id, ok: false, error: toWireError(err) });
      }
    })();
  });
}
