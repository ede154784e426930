// Tunables of run supervision, each with its unit and reason.

export const RunLimits = {
  /**
   * Most characters of a run's past output sent to a client when it attaches, before live output.
   * 512 Ki chars paints a full screen plus thousands of lines of scrollback in well under 100 ms;
   * a later issue replaces this with a serialized screen from a headless terminal mirror.
   */
  replayMaxChars: 512 * 1024,
  /** Terminal size a run starts with, in cells, until a focused client resizes it. */
  initialCols: 120,
  initialRows: 32,
} as const;
