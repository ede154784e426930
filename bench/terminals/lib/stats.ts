// Small statistics helpers for bench/terminals (nearest-rank percentiles, medians).

/** Nearest-rank percentile (p in 0..100) of `xs`; NaN for an empty list. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Median; the mean of the two middle values for an even count. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export const mean = (xs: readonly number[]): number => (xs.length === 0 ? Number.NaN : sum(xs) / xs.length);

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** 1 MB = 10^6 bytes, as in research/performance.md. */
export const MB = 1e6;
