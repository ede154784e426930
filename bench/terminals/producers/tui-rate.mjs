// Producer for the persistence bench: an agent-TUI-like ANSI stream (cursor-up redraws, 256-colour SGR,
// erase-line, a status line) at a fixed rate, like research/perf-scripts/rate-producer.js.
// Usage: node tui-rate.mjs KBPS [SECONDS]  — SECONDS 0 or absent = until killed.
import { writeSync } from 'node:fs';

/** Write period, in ms: 50 writes a second, smooth enough to look like a live agent. */
const TICK_MS = 20;

const kbps = Number(process.argv[2] ?? 256);
const seconds = Number(process.argv[3] ?? 0);

function frame(i) {
  let s = '\x1b[12A';
  for (let l = 0; l < 12; l++) {
    s +=
      `\x1b[2K\x1b[38;5;${16 + ((i + l) % 200)}m\u25cf \x1b[1mTool\x1b[22m(Read src/f${(i * 12 + l) % 997}.ts)` +
      `\x1b[39m \x1b[2m\u2026 step ${i} line ${l} lorem ipsum dolor sit amet\x1b[0m\n`;
  }
  return s + `\x1b[2K\x1b[7m esc to interrupt \x1b[27m \u273b Thinking\u2026 ${i}`;
}

const bytesPerTick = (kbps * 1024 * TICK_MS) / 1000;
let i = 0;
let budget = 0;
let pending = Buffer.alloc(0);
writeSync(1, '\n'.repeat(13));
const end = seconds > 0 ? Date.now() + seconds * 1000 : Number.POSITIVE_INFINITY;
const timer = setInterval(() => {
  budget += bytesPerTick;
  const parts = [pending];
  let have = pending.length;
  while (have < budget) {
    const f = Buffer.from(frame(i++));
    parts.push(f);
    have += f.length;
  }
  const all = Buffer.concat(parts);
  const n = Math.floor(budget);
  // A cut inside a UTF-8 character is fine here: the pipeline under test must handle it.
  let sent = 0;
  try {
    sent = writeSync(1, all, 0, n);
  } catch (err) {
    if (err.code === 'EIO') process.exit(0);
    if (err.code !== 'EAGAIN') throw err; // EAGAIN: nothing sent, retried next tick
  }
  pending = all.subarray(sent);
  budget -= sent;
  if (Date.now() >= end) {
    clearInterval(timer);
    writeSync(1, '\n');
  }
}, TICK_MS);
