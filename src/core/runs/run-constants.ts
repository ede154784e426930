// Tunables of run supervision, each with its unit and reason.

export const RunLimits = {
  /**
   * Most characters of a finished run's transcript read back to rebuild its screen when none was
   * saved (a crash). 512 Ki chars is far more than the mirror's scrollback holds, and parses in ~10 ms.
   */
  replayMaxChars: 512 * 1024,
  /**
   * Finished runs whose terminal stream (with its headless mirror, ~1.5 MB each) stays in memory so
   * opening them again costs nothing. Older ones are served from their saved screen in SQLite.
   */
  warmFinishedStreams: 16,
  /** Terminal size a run starts with, in cells, until a focused client resizes it. */
  initialCols: 120,
  initialRows: 32,
} as const;
