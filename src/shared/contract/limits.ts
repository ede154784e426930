// Limits the contract enforces at the boundary; the UI reads them to shape its inputs.

/** Most runs one thread may fan out to. Each run costs a worktree checkout and a PTY. */
export const MAX_RUNS_PER_THREAD = 16;
/** Longest prompt accepted, in characters. Agent CLIs take the prompt as one argv entry. */
export const MAX_PROMPT_CHARS = 100_000;
/** Largest single terminal input write, in characters (a big paste). */
export const MAX_INPUT_CHARS = 1_000_000;
/** Terminal size bounds, in character cells. */
export const TERMINAL_COLS = { min: 2, max: 1000 } as const;
export const TERMINAL_ROWS = { min: 1, max: 500 } as const;
