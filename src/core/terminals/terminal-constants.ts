// Every tunable number and name of the terminal pipeline, grouped by concern, each with its unit and reason.
// Holds values only: no logic, no imports. Change a value here, never inline it at a call site.

/** Output batching (ARCHITECTURE.md §3 "terminals"), modelled on VS Code's TerminalDataBufferer. */
export const OutputBatching = {
  /**
   * Milliseconds the first chunk of a batch waits before the batch is flushed. 5 ms is VS Code's value:
   * too short for a human to notice, long enough to join the burst of small reads a busy PTY produces.
   */
  intervalMs: 5,
  /**
   * Milliseconds a batch waits instead while the run floods (its last batch reached bulkThresholdChars).
   * Every batch costs a mirror write, a transcript append, a frame (JSON, WebSocket message, parse call
   * in the window) and an acknowledgement: 16 runs flooding at 5 ms made ~3,000 frames a second of
   * ~5 KB each, and that per-frame work was a large part of the core's and the window's time (bench/
   * terminals burst). 16 ms is one 60 Hz frame: nobody reads a flood faster, and it makes frames 3x larger.
   */
  bulkIntervalMs: 16,
  /**
   * UTF-16 code units in one batch that mean the run floods: 2 KiB in 5 ms is 400 KB/s, far above what a
   * person types or an agent's TUI redraws in that time, and far below a flood (hundreds of KB per run
   * and second even with 16 runs sharing the machine). Typing into the run leaves bulk mode at once.
   */
  bulkThresholdChars: 2 * 1024,
  /**
   * UTF-16 code units (JS string length) pending in one batch that force an immediate flush. 64 KiB keeps
   * a single frame bounded when a child floods the PTY faster than the timer fires.
   */
  maxBatchChars: 64 * 1024,
} as const;

/** Stopping a PTY's process group and reporting its exit (reliability.md §6). */
export const PtyShutdown = {
  /**
   * Milliseconds between SIGTERM and SIGKILL to the process group. reliability.md §6.1 suggests 750 ms to 2 s:
   * long enough for an agent CLI to save its session, short enough that "Stop" still feels immediate.
   */
  stopGraceMs: 2_000,
  /**
   * Milliseconds stop() waits after SIGKILL before it gives up and resolves anyway. SIGKILL cannot be caught,
   * so only an uninterruptible process (stuck in the kernel) or one owned by another user outlives this;
   * waiting forever would hang app shutdown.
   */
  killWaitMs: 2_000,
  /**
   * Milliseconds between two checks of whether a stopping process group still has live members. Bounds the
   * extra latency of stop() after the last member died; a check scans /proc, so not much lower.
   */
  groupPollMs: 25,
  /**
   * Milliseconds of output silence after node-pty reports the exit before onExit fires; each late chunk restarts
   * the wait (VS Code's ShutdownConstants.DataFlushTimeout idea, 250 ms there). node-pty 1.1 already waits for
   * its socket to close before reporting exit on Unix, so this is a safety margin for data that arrives after
   * the exit event (microsoft/node-pty#72, #726), and it keeps output-before-exit ordering explicit.
   */
  exitLingerMs: 50,
  /**
   * Milliseconds between checks, while output is paused by flow control, for whether the child has exited.
   * node-pty destroys the PTY socket 200 ms after the child is reaped when it has not been drained
   * (DESTROY_SOCKET_TIMEOUT_MS in node-pty 1.1's unixTerminal.js), dropping what the child wrote last;
   * checking every 50 ms leaves time to resume and drain it first.
   */
  pausedExitPollMs: 50,
} as const;

/** What the terminal tells the programs running in it. */
export const TerminalIdentity = {
  /** $TERM for every PTY child: the terminfo entry xterm.js implements (256 colours, xterm key codes). */
  term: 'xterm-256color',
  /** $COLORTERM: tells CLIs that 24-bit colour works, which xterm.js renders. */
  colorTerm: 'truecolor',
} as const;

/** The headless terminal each live run keeps in the core, so a client attaching gets the screen, not a replay. */
export const Mirror = {
  /**
   * Lines of scrollback kept behind the screen. The replay a client receives is this plus the screen;
   * 2,000 lines of agent output is a few hundred KB serialized (well under 100 ms to parse) and about
   * 1.5 MB of memory per run (performance.md T7: ~6 MB per 1,000 lines at the widest). The whole
   * transcript is in SQLite regardless.
   */
  scrollbackLines: 2_000,
  /**
   * UTF-16 code units of output the mirror holds unparsed at most (terminal-mirror.ts parses lazily).
   * A plain-text flood longer than the scrollback and screen (~2,000 lines, ~160,000 characters of
   * 80-column text) is parsed only from where its last ~2,000 lines begin (mirror-fast-forward.ts), so
   * the more that waits, the more is skipped: at 524,288, about 70% of such a flood. It is also the
   * memory a run may hold unparsed (0.5 to 1 MB), and the most a read may have to parse first (~10 ms
   * when nothing can be skipped).
   */
  deferMaxChars: 512 * 1024,
  /**
   * Milliseconds output may wait unparsed when less than deferMaxChars arrives. Every read of the screen
   * parses first, so this only bounds how long memory is held and how much a read finds waiting for it.
   */
  deferMaxAgeMs: 1_000,
  /**
   * UTF-16 code units handed to xterm per write (parseTurnMs bounds how many per event-loop turn). xterm
   * keeps a parse buffer of 4 bytes per code unit of its largest write (up to 131,072 units) for the
   * terminal's life: one large write would cost every run's mirror 512 KB for good (bench/terminals
   * memory). 16 Ki parses in ~0.3 ms, keeps the buffer at 64 KB, and the per-write overhead is nothing
   * next to the parse.
   */
  writeSliceChars: 16 * 1024,
  /**
   * Milliseconds of parsing the mirror does in one event-loop turn before it lets I/O in (it goes on in
   * the next turn). One slice per turn capped a mirror at ~12 MB/s (xterm waits a 1 ms timer before it
   * parses a new write); 4 ms keeps the core's loop delay well inside a 16 ms frame while a mirror that
   * cannot skip still parses ~40 MB/s.
   */
  parseTurnMs: 4,
} as const;

/** Flow control by acknowledged characters (VS Code's FlowControlConstants; performance.md §4.2). */
export const FlowControl = {
  /**
   * Unacknowledged characters one client's stream of a run (or the mirror's own parse queue) may hold at
   * most before the PTY is paused: VS Code's value. It keeps keystroke echo snappy (the xterm.js guide
   * says stay under 500K) while a flooding run still streams ~12 MB/s, far above what agents print. A
   * client watching many runs gets less per run (clientBudgetChars).
   */
  highWatermarkChars: 100_000,
  /**
   * Unacknowledged characters one client may hold over all the runs it watches, shared equally by its
   * streams (client-windows.ts): a window parses on one thread, so this bounds how long a keystroke's
   * echo or the end of output after Ctrl-C waits behind other runs' output there. 1,000,000 characters
   * is ~40 ms of parsing at the 25 MB/s one window managed under a 16-run burst (bench/terminals), and
   * still the full 100,000 per run for up to 10 runs.
   */
  clientBudgetChars: 1_000_000,
  /**
   * The smallest window a stream gets however many runs its client watches: 20,000 characters still
   * lets one run move ~1 MB/s at a 20 ms round trip.
   */
  minHighWatermarkChars: 20_000,
  /**
   * The PTY resumes once every client is back below this many unacknowledged characters (with nothing
   * held back for it). VS Code resumes at 5,000; ours is the point below which a caught-up client stops
   * hurrying its acknowledgements (shared/protocol.ts FlowControl.ackPromptlyChars, 16,000): waiting
   * for fewer would wait for an acknowledgement the client deliberately delays.
   */
  lowWatermarkChars: 16_000,
  /**
   * A client that holds the PTY paused this long without acknowledging is set aside: it stops receiving
   * frames (so one frozen window cannot freeze an agent) and is resynchronised with a fresh replay as
   * soon as it acknowledges again. 5 s is far beyond any healthy parse of 100,000 characters.
   */
  stalledClientMs: 5_000,
} as const;
