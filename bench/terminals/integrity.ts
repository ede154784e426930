// bench/terminals/integrity — research/performance.md T6: no data loss. 100 runs each print a known 1 MB
// UTF-8 sequence (2-, 3- and 4-byte characters, cut across write(2) calls by producers/write-file.mjs)
// and exit at once, the case where raw node-pty drops the tail (microsoft/node-pty#726). After the core
// has been disposed (every run ended, every transcript batch flushed by the transcript worker), each
// run's transcript is read back from the core's database (transcript_chunks, ordered by seq) and
// compared byte for byte with the expected output: the sequence with LF → CRLF (the tty's ONLCR, the
// only output processing node-pty's termios enables). Same-run reference: the same producer through raw
// node-pty, counting runs whose bytes at onExit fall short (what a naive reader would persist).
// Usage: npx tsx bench/terminals/integrity.ts
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pty from 'node-pty';
import { PRODUCERS } from './lib/paths';
import { tempDir } from './lib/cleanup';
import { startCoreProcess } from './lib/core-process';
import { makeRepo, openFixture } from './lib/fixture';
import { isMain, runStandalone, type Bench, type Result } from './lib/report';

/** Runs checked; all must be byte-identical. */
const RUNS = 100;
/** Runs per thread (the contract's maximum); threads run one after another to bound the load. */
const RUNS_PER_THREAD = 16;
/** Size of the known sequence, in UTF-8 bytes (cut back to a whole line). */
const SEQUENCE_BYTES = 1_000_000;
/** Raw node-pty reference runs. */
const RAW_RUNS = 20;

/** Pieces the sequence cycles through: ASCII and 2-, 3- and 4-byte UTF-8 characters, no control characters. */
const PIECES = ['plain ascii ', 'é', 'ü', 'ß', '€', '●', '漢字', '→', '😀', '𝄞', 'ñandú ', '✻ ', 'Ωμέγα ', '🦀🚀'];

/** The known sequence: numbered lines of mixed-width characters, LF-terminated, ≤ SEQUENCE_BYTES bytes. */
export function knownSequence(bytes = SEQUENCE_BYTES): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; ; i++) {
    let line = `${String(i).padStart(6, '0')} `;
    for (let k = 0; k < 12; k++) line += PIECES[(i * 7 + k) % PIECES.length];
    line += '\n';
    const n = Buffer.byteLength(line);
    if (size + n > bytes) break;
    lines.push(line);
    size += n;
  }
  return lines.join('');
}

interface Mismatch {
  runId: string;
  expectedBytes: number;
  gotBytes: number;
  firstDiffAt: number;
  /** Hex of a few bytes at the first difference, stored vs expected. */
  got: string;
  want: string;
}

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/** Raw node-pty: runs whose output at onExit is short of the expected bytes, and the largest shortfall. */
async function rawTailLoss(file: string, expectedBytes: number): Promise<{ lossy: number; maxMissing: number }> {
  let lossy = 0;
  let maxMissing = 0;
  for (let i = 0; i < RAW_RUNS; i++) {
    const missing = await new Promise<number>((resolve) => {
      let got = 0;
      const p = pty.spawn(process.execPath, [PRODUCERS.writeFile, file, 'exit'], {
        name: 'xterm-256color',
        cols: 120,
        rows: 32,
        cwd: process.cwd(),
        env: process.env as Record<string, string>,
        encoding: null,
      });
      p.onData((d) => (got += (d as unknown as Buffer).length));
      p.onExit(() => resolve(expectedBytes - got));
    });
    if (missing > 0) lossy++;
    maxMissing = Math.max(maxMissing, missing);
  }
  return { lossy, maxMissing };
}

export const integrity: Bench = async (log) => {
  const tmp = await tempDir('integrity');
  const sequence = knownSequence();
  const file = join(tmp.path, 'sequence.txt');
  await writeFile(file, sequence);
  const expected = Buffer.from(sequence.replace(/\n/g, '\r\n'));
  log(`sequence: ${Buffer.byteLength(sequence)} bytes, ${sequence.length} UTF-16 units; expected transcript ${expected.length} bytes`);

  const raw = await rawTailLoss(file, expected.length);
  log(`raw node-pty reference: ${raw.lossy}/${RAW_RUNS} runs short at exit (max ${raw.maxMissing} bytes)`);

  const core = await startCoreProcess();
  const fx = await openFixture(core.client, await makeRepo(tmp.path));
  const profile = await fx.profile('utf8-sequence', `node ${PRODUCERS.writeFile} ${file} exit`);
  const runIds: string[] = [];
  const nonZero: string[] = [];
  for (let left = RUNS; left > 0; left -= RUNS_PER_THREAD) {
    const runs = await fx.thread([{ profileId: profile, count: Math.min(RUNS_PER_THREAD, left) }], 'finished');
    for (const r of runs) {
      runIds.push(r.id);
      if (r.status !== 'exited' || r.exitCode !== 0) nonZero.push(`${r.id}:${r.status}/${r.exitCode}`);
    }
    log(`${runIds.length}/${RUNS} runs finished`);
  }
  await core.stopCore();

  const db = new Database(join(core.dataDir, 'switchyard.db'), { readonly: true, fileMustExist: true });
  const chunks = db.prepare<[string], { data: string }>('SELECT data FROM transcript_chunks WHERE run_id = ? ORDER BY seq');
  const mismatches: Mismatch[] = [];
  try {
    for (const runId of runIds) {
      const got = Buffer.from(
        chunks
          .all(runId)
          .map((r) => r.data)
          .join(''),
      );
      if (got.equals(expected)) continue;
      const at = firstDifference(got, expected);
      const hex = (b: Buffer) => b.subarray(at, at + 8).toString('hex') || '(end)';
      mismatches.push({ runId, expectedBytes: expected.length, gotBytes: got.length, firstDiffAt: at, got: hex(got), want: hex(expected) });
    }
  } finally {
    db.close();
  }
  await core.dispose();
  await tmp.dispose();

  const identical = runIds.length - mismatches.length;
  const worst = mismatches.slice(0, 3).map((m) => `${m.runId}: ${m.gotBytes}/${m.expectedBytes} bytes, first difference at byte ${m.firstDiffAt}: stored ${m.got}, expected ${m.want}`);
  return [
    {
      name: 'integrity: transcripts byte-identical after fast exit',
      measured: identical,
      limit: RUNS,
      unit: 'runs',
      limitSource: `${RUNS} runs × ${(expected.length / 1e6).toFixed(2)} MB, read back from the core's DB after dispose`,
      goal: 1,
      direction: 'min',
      detail:
        `${mismatches.length} differ${worst.length ? ` (${worst.join('; ')})` : ''}; ` +
        `${nonZero.length} runs not exited with 0${nonZero.length ? ` (${nonZero.slice(0, 3).join(', ')})` : ''}; ` +
        `same-run reference: raw node-pty short at exit in ${raw.lossy}/${RAW_RUNS} runs (max ${raw.maxMissing} bytes)`,
    },
  ] satisfies Result[];
};

if (isMain(import.meta.url)) void runStandalone('integrity', integrity);
