// Child-process entry, the memory limit of bench/terminals/memory: N bare @xterm/headless terminals
// with the given size and scrollback, each fed the same bytes a run's PTY delivers, measured as the
// heap + ArrayBuffer growth after forced GCs (the metric of perf-scripts/xterm-memory.js), per terminal.
// Started as: node --import tsx --expose-gc xterm-baseline.ts N COLS ROWS SCROLLBACK FILE
// Prints one JSON line: { perTerminal: { heapAndBuffers, rss }, bufferLines }.
import { readFileSync } from 'node:fs';
import headless from '@xterm/headless';

const [n, cols, rows, scrollback] = process.argv.slice(2, 6).map(Number) as [number, number, number, number];
const file = process.argv[6] as string;
// What the PTY delivers for this file: the tty turns LF into CRLF (ONLCR).
const data = readFileSync(file, 'utf8').replace(/\n/g, '\r\n');

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('xterm-baseline needs --expose-gc');
const measure = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heapAndBuffers: m.heapUsed + m.arrayBuffers, rss: m.rss };
};

// Load and exercise the module once so its code and caches are not charged to the terminals.
const warm = new headless.Terminal({ cols, rows, scrollback, allowProposedApi: true });
await new Promise<void>((r) => warm.write('warm-up\r\n', r));
warm.dispose();

const before = measure();
const terms: headless.Terminal[] = [];
for (let i = 0; i < n; i++) {
  const term = new headless.Terminal({ cols, rows, scrollback, allowProposedApi: true });
  await new Promise<void>((r) => term.write(data, r));
  terms.push(term);
}
const after = measure();
console.log(
  JSON.stringify({
    perTerminal: { heapAndBuffers: (after.heapAndBuffers - before.heapAndBuffers) / n, rss: (after.rss - before.rss) / n },
    bufferLines: terms[0]?.buffer.active.length ?? 0,
  }),
);
