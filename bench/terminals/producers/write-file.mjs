// Producer for the integrity and memory benches: writes a file's bytes to stdout with blocking writes
// to fd 1, cut into chunks of varying size so that multi-byte UTF-8 characters are split across write(2)
// calls, then either exits at once (the node-pty tail-loss case) or stays alive until killed.
// Usage: node write-file.mjs FILE [exit|stay]
import { readFileSync, writeSync } from 'node:fs';

/**
 * Chunk sizes, cycled. Small odd sizes cut 2-, 3- and 4-byte characters at every offset; the large
 * ones are not multiples of 2, 3 or 4 either, so cuts keep landing inside characters.
 */
const CHUNK_SIZES = [1, 2, 3, 5, 7, 4093, 11, 8191, 13, 1021, 16381];

const [file, mode = 'exit'] = process.argv.slice(2);
const data = readFileSync(file);
const pause = new Int32Array(new SharedArrayBuffer(4));

let offset = 0;
for (let i = 0; offset < data.length; i++) {
  const end = Math.min(data.length, offset + CHUNK_SIZES[i % CHUNK_SIZES.length]);
  while (offset < end) {
    try {
      offset += writeSync(1, data, offset, end - offset);
    } catch (err) {
      if (err.code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
if (mode === 'stay') setInterval(() => {}, 1 << 30);
