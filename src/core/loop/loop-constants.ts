// Every tunable number of the built-in agent (loop, model streaming, tools, sandbox), each with its unit and reason.
// Holds values only: no logic, no imports. Change a value here, never inline it at a call site.

/** The agent loop itself. */
export const LoopLimits = {
  /**
   * Model requests one turn may make before it stops with status 'max-steps'. Each step is one answer of the
   * model (text and/or tool calls); 50 lets a model read, edit and test its way through a real task, while a
   * model stuck calling the same tool over and over stops within minutes instead of burning tokens all night.
   */
  defaultMaxSteps: 50,
  /**
   * Milliseconds the model server may stay silent (before its first byte, and between two streamed events) before
   * the turn fails as timed out. An idle limit, not a total one: a long answer that keeps streaming is never cut.
   * Three minutes covers a local model (Ollama, LM Studio on a CPU) processing a long prompt before its first token.
   */
  defaultTimeoutMs: 180_000,
  /**
   * Retries of one model request on transient failures (connection errors, 408, 409, 429, 5xx), with the openai
   * package's own exponential backoff. 2 is the package's default; an error that survives it is reported.
   */
  defaultMaxRetries: 2,
  /**
   * Added to the idle limit for the openai package's own request timeout, in ms, so that our idle timer always
   * fires first (the package's timeout only covers the wait for response headers and would be retried).
   */
  clientTimeoutMarginMs: 5_000,
} as const;

/** How the conversation is shown in the run's terminal. */
export const RenderLimits = {
  /** Characters of a tool's arguments shown on its call line; the model's full arguments are in the stored turn. */
  argumentsPreviewChars: 160,
  /** Lines of a (non-command) tool result shown under its call; the model saw all of it. */
  resultPreviewLines: 8,
  /** Characters of a tool result shown under its call, whichever of this and the line limit comes first. */
  resultPreviewChars: 800,
  /**
   * Characters of one command's live output shown in the terminal. 200,000 is several thousand lines: enough to
   * follow a build or a test run, and a command flooding its output cannot flood the transcript.
   */
  commandOutputChars: 200_000,
} as const;

/** The tools the model calls, all confined to the run's worktree. */
export const ToolLimits = {
  /**
   * Time limit of one run_command, in ms, when the model does not ask for another. Two minutes fits a typical
   * test suite or build step; a command that hangs (waiting for input, a server that never exits) is stopped.
   */
  commandTimeoutMs: 120_000,
  /** Longest time limit the model may ask for with timeout_ms (10 minutes: a full build on a slow machine). */
  commandMaxTimeoutMs: 600_000,
  /**
   * Milliseconds between SIGTERM and SIGKILL when a command is stopped (time limit, cancel, or its leftover
   * background processes after it exited). Short: these are the model's commands, not a user's session.
   */
  commandKillGraceMs: 1_000,
  /** Milliseconds between two checks of whether a stopped command's process group still has live members. */
  groupPollMs: 25,
  /**
   * Characters of a command's combined stdout+stderr the model receives: the first quarter and the last three
   * quarters of this budget (errors and summaries come last), the middle replaced by a note. 16,000 characters
   * is about 4,000 tokens per call: informative, and a noisy command cannot blow the context window.
   */
  commandOutputForModelChars: 16_000,
  /** Characters of a file read_file returns in one call; the model pages with start_line for more. */
  readMaxChars: 64_000,
  /** Bytes of a file read_file will open at all; larger files are refused (read parts with run_command instead). */
  readMaxFileBytes: 8 * 1024 * 1024,
  /** Bytes write_file accepts in one call (1 MiB); source files are far smaller, generated blobs do not belong here. */
  writeMaxBytes: 1024 * 1024,
  /** Bytes of an apply_patch diff (1 MiB), for the same reason. */
  patchMaxBytes: 1024 * 1024,
  /** Entries list_files returns (breadth first, so the top of the tree comes first) before it stops. */
  listMaxEntries: 1_000,
  /** Matching lines search_files returns before it stops. */
  searchMaxMatches: 200,
  /** Characters of one matching line shown by search_files (minified files have very long lines). */
  searchLineChars: 300,
  /** Time limit of apply_patch's and search_files' own git child, in ms. */
  gitToolTimeoutMs: 30_000,
  /** Bytes of stdin-less git output (search) read before the child is stopped: the match cap comes first. */
  gitToolMaxOutputBytes: 4 * 1024 * 1024,
} as const;

/** Detecting and using bubblewrap. */
export const SandboxLimits = {
  /** Milliseconds the `bwrap --version` call and the namespace probe may take before bwrap counts as unusable. */
  probeTimeoutMs: 5_000,
} as const;
