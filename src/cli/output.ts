// Where the CLI writes: standard output for results, standard error for progress notes and errors,
// and what it knows of the terminal (a TTY gets a redrawn table, a pipe gets one line per change).

export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Standard output is a terminal. */
  readonly isTTY: boolean;
  /** Width of the terminal in columns (80 when unknown). */
  columns(): number;
}

/** Default width when standard output is not a terminal or does not say. */
const DEFAULT_COLUMNS = 80;

export function processOutput(): Output {
  // A reader that went away (`switchyard list | head -1`) must not crash a command that is still
  // working (a local core is shutting down cleanly): later writes are dropped instead.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    columns: () => process.stdout.columns || DEFAULT_COLUMNS,
  };
}

/** Writes `text` followed by a newline. */
export function line(write: (text: string) => void, text = ''): void {
  write(`${text}\n`);
}
