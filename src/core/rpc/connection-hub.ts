// Owns the set of attached client connections: broadcasts contract events to all of them and
// terminal output to the ones attached to a run. Knows nothing about what the events mean.
import type { EventName, EventPayload } from '../../shared/contract';
import type { Transport } from '../../shared/protocol';

export interface Connection {
  readonly id: number;
  readonly transport: Transport;
}

export class ConnectionHub {
  private nextId = 1;
  private readonly connections = new Map<number, Connection>();
  /** runId -> connections streaming that run's terminal. */
  private readonly ptySubscribers = new Map<string, Set<Connection>>();

  add(transport: Transport): Connection {
    const conn: Connection = { id: this.nextId++, transport };
    this.connections.set(conn.id, conn);
    return conn;
  }

  remove(conn: Connection): void {
    this.connections.delete(conn.id);
    for (const subs of this.ptySubscribers.values()) subs.delete(conn);
  }

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    for (const conn of this.connections.values()) conn.transport.send({ t: 'evt', name, payload });
  }

  subscribePty(runId: string, conn: Connection): void {
    const subs = this.ptySubscribers.get(runId) ?? new Set<Connection>();
    this.ptySubscribers.set(runId, subs);
    subs.add(conn);
  }

  unsubscribePty(runId: string, conn: Connection): void {
    this.ptySubscribers.get(runId)?.delete(conn);
  }

  publishPty(runId: string, data: string): void {
    const subs = this.ptySubscribers.get(runId);
    if (!subs) return;
    for (const conn of subs) conn.transport.send({ t: 'pty', runId, data });
  }

  get size(): number {
    return this.connections.size;
  }
}
