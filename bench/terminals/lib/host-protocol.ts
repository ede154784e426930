// Messages between a bench (parent) and core-host.ts (child) over Node IPC.

export type HostRequest =
  | { id: number; op: 'start'; dataDir: string; staticDir: string; coreOptions?: Record<string, unknown> }
  /** Restarts the probe window: event-loop delay histogram, CPU and loop-utilization baselines. */
  | { id: number; op: 'probeStart' }
  | { id: number; op: 'probeRead' }
  /** Two forced GCs, then process.memoryUsage(). */
  | { id: number; op: 'memory' }
  /** Starts a CPU profile of the core's main thread (node:inspector), for BENCH_PROFILE_DIR. */
  | { id: number; op: 'profileStart' }
  /** Stops it and writes it to `file` (.cpuprofile, readable by Chrome DevTools). */
  | { id: number; op: 'profileStop'; file: string }
  | { id: number; op: 'stop' };

export type HostReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export interface ProbeReading {
  wallMs: number;
  /** User + system CPU of the whole core process (every thread) since probeStart. */
  cpuMs: number;
  /** The same, of its main thread alone (the rest: the transcript writer, GC helpers). */
  mainCpuMs: number;
  /** Main-thread event-loop utilization since probeStart, 0..1. */
  elu: number;
  /** Main-thread event-loop delay since probeStart, in ms beyond the sampling interval. */
  eld: { p50: number; p99: number; max: number; samples: number };
  /** Characters acknowledged by clients, per run, since the core started (cumulative). */
  acked: Record<string, number>;
  /** Characters of `pty` frames sent to clients, per run, since the core started (cumulative). */
  sent: Record<string, number>;
  /** When the core last sent a `pty` frame of each run (Date.now(), ms since the epoch). */
  lastSentAt: Record<string, number>;
  /** `pty` frames sent and `ack` frames received, all runs, since the core started (cumulative). */
  ptyFrames: number;
  ackFrames: number;
  /** Credits those `ack` frames carried (one per run and frame: a client sends several runs' in one). */
  ackCredits: number;
  /** When the core last received a `runs.write` request for each run (Date.now()). */
  lastInputAt: Record<string, number>;
}

export interface MemoryReading {
  heapUsed: number;
  arrayBuffers: number;
  external: number;
  rss: number;
}
