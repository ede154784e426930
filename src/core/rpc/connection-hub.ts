// Owns the set of attached client connections and broadcasts contract events to all of them.
// Terminal output does not pass here: each run's TerminalStream sends to its own subscribers.
import type { EventName, EventPayload } from '../../shared/contract';
import type { Transport } from '../../shared/protocol';

export interface Connection {
  readonly id: number;
  readonly transport: Transport;
}

export class ConnectionHub {
  private nextId = 1;
  private readonly connections = new Map<number, Connection>();

  add(transport: Transport): Connection {
    const conn: Connection = { id: this.nextId++, transport };
    this.connections.set(conn.id, conn);
    return conn;
  }

  remove(conn: Connection): void {
    this.connections.delete(conn.id);
  }

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    for (const conn of this.connections.values()) conn.transport.send({ t: 'evt', name, payload });
  }

  get size(): number {
    return this.connections.size;
  }
}
