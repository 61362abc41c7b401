/** Summary of a sample, all in the sample's own unit. */
export interface Summary {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

function ascending(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

function requireSample(xs: readonly number[], what: string): void {
  if (xs.length === 0) throw new Error(`${what} of an empty sample`);
  if (xs.some((x) => !Number.isFinite(x)))
    throw new Error(`${what} of a sample with a non-finite value`);
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(xs: readonly number[]): number {
  requireSample(xs, "median");
  const s = ascending(xs);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Nearest-rank percentile: the smallest value with at least p% of the sample at or below it.
 * It is always a value that was observed, which is what a latency table should show.
 */
export function percentile(xs: readonly number[], p: number): number {
  requireSample(xs, "percentile");
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], got ${p}`);
  const s = ascending(xs);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.max(0, rank - 1)]!;
}

export function summarize(xs: readonly number[]): Summary {
  requireSample(xs, "summary");
  const s = ascending(xs);
  return {
    count: s.length,
    min: s[0]!,
    max: s[s.length - 1]!,
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
  };
}

/** Rounds for display and JSON: enough digits to compare runs, no float noise. */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
