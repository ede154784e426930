#!/usr/bin/env node
// Stand-in agent for the fault tests: prints a known counter sequence ("counter <run id>", then
// "tick 1", "tick 2", … one line per write) and edits files in its worktree as it goes: notes.txt and
// README.md once at the start, progress.txt on every tick. Stops after --max ticks or when a file
// named STOP appears in its working directory, then prints "END".
// Options: --delay MS between ticks; --max N; --ignore-signals (ignores SIGHUP and SIGTERM, like a
// stubborn agent); --setsid (starts `setsid sleep 600`, a descendant outside its session, and
// records its pid in setsid.pid).
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  allowPositionals: true,
  options: {
    delay: { type: 'string', default: '20' },
    max: { type: 'string', default: '1000000' },
    'ignore-signals': { type: 'boolean', default: false },
    setsid: { type: 'boolean', default: false },
  },
});
const runId = process.env.SWITCHYARD_RUN_ID ?? 'unknown';
const delay = Number(values.delay);
const max = Number(values.max);

if (values['ignore-signals']) {
  process.on('SIGHUP', () => {});
  process.on('SIGTERM', () => {});
  // With the terminal gone, writes fail with EIO: carry on silently, as a stubborn agent would.
  process.stdout.on('error', () => {});
}
if (values.setsid) {
  const child = spawn('setsid', ['sleep', '600'], { stdio: 'ignore' });
  child.unref();
  writeFileSync('setsid.pid', `${child.pid}\n`);
}
writeFileSync('notes.txt', `notes by ${runId}\n`);
appendFileSync('README.md', `\nEdited by ${runId}\n`);
writeFileSync('agent.pid', `${process.pid}\n`);
process.stdout.write(`counter ${runId}\n`);

let n = 0;
const timer = setInterval(() => {
  if (n >= max || existsSync('STOP')) {
    clearInterval(timer);
    process.stdout.write('END\n', () => process.exit(0));
    return;
  }
  n += 1;
  writeFileSync('progress.txt', `${n}\n`);
  process.stdout.write(`tick ${n}\n`);
}, delay);
