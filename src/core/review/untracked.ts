// Facts about files on disk that git has not hashed: untracked files (their size, kind, whether they
// are binary, and the lines they add) and worktree files in general (size and binary sniff).
// Reads a bounded number of bytes per file and in total; never follows a symlink.
import { lstat, open, readlink } from 'node:fs/promises';

export type FileKind = 'file' | 'symlink' | 'submodule';

export interface DiskFile {
  exists: boolean;
  kind: FileKind;
  /** Bytes on disk (a symlink: the length of its target text; a folder: 0). */
  size: number;
  executable: boolean;
  binary: boolean;
  /** Lines git would count as added for this file as a new file (0 for binary files and folders). */
  lines: number;
}

/**
 * Most bytes read from one untracked file to count its lines, in bytes. 8 MiB covers any source
 * file; a larger file (a dump, a log) counts only the lines in its first 8 MiB.
 */
export const UNTRACKED_READ_CAP_BYTES = 8 * 1024 * 1024;
/**
 * Most bytes read from all untracked files of one listing, in bytes. Past it (say an agent wrote a
 * vendored tree without a .gitignore), further files still count as files but add no lines.
 */
export const UNTRACKED_TOTAL_READ_BYTES = 128 * 1024 * 1024;
/** Bytes git inspects for a NUL to call a file binary; the same heuristic as git's (first 8000 bytes). */
export const BINARY_SNIFF_BYTES = 8000;
/** Files read at the same time (files): enough to hide disk latency, few enough to spare file handles. */
export const DISK_READ_CONCURRENCY = 16;
/** Chunk size used to count lines, in bytes: large enough for few reads, small enough that 16 readers stay near 1 MiB. */
const READ_CHUNK_BYTES = 64 * 1024;
const NL = 0x0a;

const MISSING: DiskFile = { exists: false, kind: 'file', size: 0, executable: false, binary: false, lines: 0 };

/**
 * Reads `files` (absolute paths) with bounded concurrency; same order as given. `stat`: size and
 * kind only; `lines`: also sniffs for binary content and counts lines, within a shared byte budget.
 */
export async function readDiskFiles(files: string[], read: 'stat' | 'lines'): Promise<DiskFile[]> {
  const out: DiskFile[] = new Array<DiskFile>(files.length);
  let budget = UNTRACKED_TOTAL_READ_BYTES;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      const allowance = read === 'stat' ? null : Math.min(UNTRACKED_READ_CAP_BYTES, budget);
      const file = await readDiskFile(files[index] ?? '', allowance);
      budget -= file.bytesRead;
      out[index] = file.info;
    }
  };
  await Promise.all(Array.from({ length: Math.min(DISK_READ_CONCURRENCY, files.length) }, worker));
  return out;
}

/**
 * One file's facts. Reads at most `maxBytes` to count lines (0: only sniffs the first
 * BINARY_SNIFF_BYTES for a NUL; null: reads nothing, only lstat). A symlink counts one line (its
 * target), as in git; a folder is a nested repository (kind `submodule`).
 */
export async function readDiskFile(file: string, maxBytes: number | null): Promise<{ info: DiskFile; bytesRead: number }> {
  const st = await lstat(file).catch(() => null);
  if (!st) return { info: MISSING, bytesRead: 0 };
  if (st.isSymbolicLink()) {
    const target = await readlink(file).catch(() => '');
    return { info: { exists: true, kind: 'symlink', size: Buffer.byteLength(target), executable: false, binary: false, lines: 1 }, bytesRead: 0 };
  }
  if (st.isDirectory()) return { info: { ...MISSING, exists: true, kind: 'submodule' }, bytesRead: 0 };
  const base: DiskFile = { exists: true, kind: 'file', size: st.size, executable: (st.mode & 0o111) !== 0, binary: false, lines: 0 };
  if (!st.isFile() || st.size === 0 || maxBytes === null) return { info: base, bytesRead: 0 };

  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return { info: base, bytesRead: 0 };
  try {
    const limit = Math.max(maxBytes, Math.min(BINARY_SNIFF_BYTES, st.size));
    const buf = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, limit));
    let bytesRead = 0;
    let lines = 0;
    let last = NL;
    while (bytesRead < limit) {
      const { bytesRead: n } = await handle.read(buf, 0, Math.min(buf.length, limit - bytesRead), bytesRead);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      if (bytesRead < BINARY_SNIFF_BYTES && chunk.subarray(0, BINARY_SNIFF_BYTES - bytesRead).includes(0)) {
        return { info: { ...base, binary: true }, bytesRead: bytesRead + n };
      }
      for (let i = chunk.indexOf(NL); i !== -1; i = chunk.indexOf(NL, i + 1)) lines++;
      last = chunk[n - 1] ?? NL;
      bytesRead += n;
    }
    if (maxBytes === 0) return { info: base, bytesRead };
    // A last line without a trailing newline still counts, as in git's numstat.
    return { info: { ...base, lines: last === NL ? lines : lines + 1 }, bytesRead };
  } finally {
    await handle.close();
  }
}
