// Producer for the burst and interrupt benches: writes base64 text lines (76 chars + LF) to stdout
// as fast as the terminal takes them, with blocking writes straight to fd 1 (no Node stream buffering).
// With `colour`, each line is wrapped in a colour and a reset (SGR), like a coloured build log: plain
// text lets the core's mirror skip what scrolls out (mirror-fast-forward.ts), coloured text does not.
// Usage: node flood.mjs [bytes] [colour]   — stops after `bytes` bytes written; 0 or absent = until killed.
import { randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';

/** Bytes handed to one write(2): large, so the producer is never the bottleneck (a PTY takes ~4 KiB per read). */
const BLOCK_BYTES = 64 * 1024;

const limit = Number(process.argv[2] ?? 0);
const lines = randomBytes((BLOCK_BYTES / 77) * 57 + 57).toString('base64').match(/.{76}/g) ?? [];
const colour = process.argv[3] === 'colour';
const block = Buffer.from(lines.map((l, i) => (colour ? `\x1b[${31 + (i % 7)}m${l}\x1b[0m` : l)).join('\n') + '\n');
const pause = new Int32Array(new SharedArrayBuffer(4));

let written = 0;
for (;;) {
  const want = limit > 0 ? Math.min(block.length, limit - written) : block.length;
  if (want <= 0) break;
  try {
    written += writeSync(1, block, 0, want);
  } catch (err) {
    if (err.code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1);
    else if (err.code === 'EIO' || err.code === 'EPIPE') process.exit(0); // the terminal went away
    else throw err;
  }
}
