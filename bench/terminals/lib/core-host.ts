// Child-process entry: runs the real core (createCore) and the real headless server in a process of
// its own, so that what the benches measure here (event-loop delay, CPU, memory) is the core's and
// nothing else's. The parent drives it over Node IPC (see core-process.ts) and talks to the core like
// any client would, over the WebSocket. Frames are counted by wrapping each connection's Transport:
// `ack` frames arriving from clients and the credits they carry (one per run), `pty` characters sent to them.
// Started as: node --import tsx --expose-gc core-host.ts
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createCore, type Core, type CoreOptions } from '../../../src/core/create-core';
import { startHeadlessServer, type HeadlessServer } from '../../../src/server/headless-server';
import { parseAckFrame, type Frame, type Transport } from '../../../src/shared/protocol';
import type { HostReply, HostRequest, ProbeReading, MemoryReading } from './host-protocol';

/** Event-loop delay sampling interval, in ms (as perf-scripts/pty-xterm-pipeline.js); subtracted from readings. */
const ELD_RESOLUTION_MS = 1;

let core: Core | null = null;
let server: HeadlessServer | null = null;
const acked = new Map<string, number>();
const sent = new Map<string, number>();
const lastSentAt = new Map<string, number>();
const lastInputAt = new Map<string, number>();
const frameCounts = { pty: 0, ack: 0, credits: 0 };
let eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
let profiler: Session | null = null;
let probe = { t0: 0, cpu0: process.cpuUsage(), mainCpu0: process.threadCpuUsage(), elu0: performance.eventLoopUtilization() };

const add = (map: Map<string, number>, key: string, n: number): void => {
  map.set(key, (map.get(key) ?? 0) + n);
};

/** The core's own Transport, with frames counted: acks by one listener of our own, pty frames on send. */
function counted(t: Transport): Transport {
  t.onFrame((frame) => {
    if (frame.t === 'ack') {
      const credits = parseAckFrame(frame) ?? []; // what the core itself accepts
      for (const [runId, chars] of credits) add(acked, runId, chars);
      frameCounts.ack += 1;
      frameCounts.credits += credits.length;
    }
    if (frame.t === 'req' && frame.name === 'runs.write') lastInputAt.set(String((frame.input as { runId?: unknown }).runId), Date.now());
  });
  return {
    send(frame: Frame) {
      if (frame.t === 'pty') {
        frameCounts.pty += 1;
        add(sent, frame.runId, frame.data.length);
        lastSentAt.set(frame.runId, Date.now());
      }
      t.send(frame);
    },
    onFrame: (l) => t.onFrame(l),
    onClose: (l) => t.onClose(l),
    close: () => t.close(),
  };
}

function probeStart(): void {
  eld.disable();
  eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
  eld.enable();
  probe = { t0: performance.now(), cpu0: process.cpuUsage(), mainCpu0: process.threadCpuUsage(), elu0: performance.eventLoopUtilization() };
}

function probeRead(): ProbeReading {
  const ms = (ns: number): number => Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS);
  const cpu = process.cpuUsage(probe.cpu0);
  const mainCpu = process.threadCpuUsage(probe.mainCpu0);
  return {
    wallMs: performance.now() - probe.t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainCpuMs: (mainCpu.user + mainCpu.system) / 1000,
    elu: performance.eventLoopUtilization(probe.elu0).utilization,
    eld: { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max), samples: eld.count },
    acked: Object.fromEntries(acked),
    sent: Object.fromEntries(sent),
    lastSentAt: Object.fromEntries(lastSentAt),
    lastInputAt: Object.fromEntries(lastInputAt),
    ptyFrames: frameCounts.pty,
    ackFrames: frameCounts.ack,
    ackCredits: frameCounts.credits,
  };
}

function memory(): MemoryReading {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('core-host needs --expose-gc');
  gc();
  gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, external: m.external, rss: m.rss };
}

async function handle(req: HostRequest): Promise<unknown> {
  switch (req.op) {
    case 'start': {
      const options = {
        dataDir: req.dataDir,
        platform: { shell: 'headless' },
        version: '0.0.0-bench',
        log: (message: string, err?: unknown) => console.error(`[core] ${message}`, err ?? ''),
        ...req.coreOptions,
      } as CoreOptions;
      const c = await createCore(options);
      core = c;
      const proxy = { ...c, attach: (t: Transport) => c.attach(counted(t)) } as Core;
      server = await startHeadlessServer({ core: proxy, staticDir: req.staticDir, port: 0 });
      return { url: server.url, token: server.token, port: server.port };
    }
    case 'probeStart':
      probeStart();
      return null;
    case 'probeRead':
      return probeRead();
    case 'memory':
      return memory();
    case 'profileStart':
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
      return null;
    case 'profileStop': {
      if (!profiler) throw new Error('no profile running');
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      profiler = null;
      await writeFile(req.file, JSON.stringify(profile));
      return null;
    }
    case 'stop':
      await server?.close();
      await core?.dispose();
      server = null;
      core = null;
      return null;
  }
}

process.on('message', (raw) => {
  const req = raw as HostRequest;
  handle(req).then(
    (value) => process.send?.({ id: req.id, ok: true, value } satisfies HostReply),
    (err: unknown) => process.send?.({ id: req.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies HostReply),
  );
});
process.on('disconnect', () => {
  // The parent went away: leave nothing running.
  void (async () => {
    await server?.close().catch(() => undefined);
    await core?.dispose().catch(() => undefined);
    process.exit(0);
  })();
});
process.send?.({ id: 0, ok: true, value: 'ready' } satisfies HostReply);
