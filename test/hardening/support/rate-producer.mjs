#!/usr/bin/env node
// Load producer: writes fixed 100-byte lines (see lineAt in load-expected.ts) to its terminal at a
// steady rate for a number of seconds, then "DONE <lines> <bytes>" and exits; it also records the
// same counts in emitted.json in its working directory. Writes to a TTY block when the reader
// pauses (flow control), so the rate achieved is also what the app could take.
// Usage: rate-producer.mjs --rate BYTES_PER_SECOND --seconds S
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export const LINE_BYTES = 100;
const FILL = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(3);

/** Line i, '\n' included: an 8-digit sequence number, a space, filler up to 100 bytes. */
export function lineAt(i) {
  const head = `${String(i).padStart(8, '0')} `;
  return head + FILL.slice(0, LINE_BYTES - head.length - 1) + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rate: { type: 'string' }, seconds: { type: 'string' } } });
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const started = Date.now();
  let lines = 0;
  const tick = () => {
    const elapsed = (Date.now() - started) / 1000;
    const due = Math.floor((Math.min(elapsed, seconds) * rate) / LINE_BYTES);
    let chunk = '';
    while (lines < due) chunk += lineAt(lines++);
    if (chunk) process.stdout.write(chunk);
    if (elapsed < seconds) return;
    clearInterval(timer);
    const bytes = lines * LINE_BYTES;
    writeFileSync('emitted.json', JSON.stringify({ lines, bytes, seconds: (Date.now() - started) / 1000 }));
    process.stdout.write(`DONE ${lines} ${bytes}\n`, () => process.exit(0));
  };
  const timer = setInterval(tick, 20);
}
