// Messages between a bench (parent) and core-host.ts (child) over Node IPC.

export type HostRequest =
  | { id: number; op: 'start'; dataDir: string; staticDir: string; coreOptions?: Record<string, unknown> }
  /** Restarts the probe window: event-loop delay histogram, CPU and loop-utilization baselines. */
  | { id: number; op: 'probeStart' }
  | { id: number; op: 'probeRead' }
  /** Two forced GCs, then process.memoryUsage(). */
  | { id: number; op: 'memory' }
  | { id: number; op: 'stop' };

export type HostReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export interface ProbeReading {
  wallMs: number;
  /** User + system CPU of the whole core process (every thread) since probeStart. */
  cpuMs: number;
  /** Main-thread event-loop utilization since probeStart, 0..1. */
  elu: number;
  /** Main-thread event-loop delay since probeStart, in ms beyond the sampling interval. */
  eld: { p50: number; p99: number; max: number; samples: number };
  /** Characters acknowledged by clients, per run, since the core started (cumulative). */
  acked: Record<string, number>;
  /** Characters of `pty` frames sent to clients, per run, since the core started (cumulative). */
  sent: Record<string, number>;
}

export interface MemoryReading {
  heapUsed: number;
  arrayBuffers: number;
  external: number;
  rss: number;
}
