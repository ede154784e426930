// The throughput limit for the burst bench: N node-pty PTYs, each running the flood producer for a
// fixed byte count, read by a bare Node loop that only counts bytes (research/performance.md §3.1,
// perf-scripts/pty-throughput.js). Timed from the first byte received to the last, so process
// start-up is not counted; the pipeline side is timed the same way (a window inside the stream).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pty from 'node-pty';
import { PRODUCERS } from './paths';
import { median, MB } from './stats';

export interface RawPtyResult {
  /** Aggregate MB/s of every repetition. */
  runs: number[];
  medianMBps: number;
  /** Bytes received per repetition (all PTYs). */
  bytes: number;
  /** Event-loop delay p99 of this bare reading loop over all repetitions, ms beyond the 1 ms sampling. */
  eldP99Ms: number;
}

/** One repetition: `n` PTYs × `bytesEach` bytes written by the producer (more arrive: the tty turns LF into CRLF). */
export function rawPtyOnce(n: number, bytesEach: number, producerArgs: readonly string[] = []): Promise<{ MBps: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    let total = 0;
    let exited = 0;
    let first = 0;
    let last = 0;
    const timeout = setTimeout(() => reject(new Error('raw PTY baseline took over 60 s')), 60_000);
    for (let i = 0; i < n; i++) {
      const p = pty.spawn(process.execPath, [PRODUCERS.flood, String(bytesEach), ...producerArgs], {
        name: 'xterm-256color',
        cols: 120,
        rows: 32,
        cwd: process.cwd(),
        env: process.env as Record<string, string>,
        encoding: 'utf8',
      });
      p.onData((d) => {
        const now = performance.now();
        if (first === 0) first = now;
        last = now;
        total += d.length;
      });
      p.onExit(() => {
        if (++exited < n) return;
        clearTimeout(timeout);
        setImmediate(() => resolve({ MBps: total / MB / ((last - first) / 1000), bytes: total }));
      });
    }
  });
}

export async function rawPtyThroughput(opts: { ptys: number; bytesEach: number; repetitions: number; producerArgs?: readonly string[] }): Promise<RawPtyResult> {
  const runs: number[] = [];
  let bytes = 0;
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  for (let r = 0; r < opts.repetitions; r++) {
    const one = await rawPtyOnce(opts.ptys, opts.bytesEach, opts.producerArgs);
    runs.push(one.MBps);
    bytes = one.bytes;
  }
  eld.disable();
  return { runs, medianMBps: median(runs), bytes, eldP99Ms: Math.max(0, eld.percentile(99) / 1e6 - 1) };
}
