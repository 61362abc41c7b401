import { median } from "./stats.ts";

/** What one run of a benchmark measured: figure name -> value. */
export type Figures = Record<string, number>;

export interface Repeated {
  runs: Figures[];
  /** Per figure, the median over the runs that reported it. */
  median: Figures;
}

/** Key-wise median over runs; a figure missing from some runs uses the runs that have it. */
export function medianFigures(runs: readonly Figures[]): Figures {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  const out: Figures = {};
  for (const key of keys) {
    const values = runs.map((r) => r[key]).filter((v): v is number => v !== undefined);
    out[key] = median(values);
  }
  return out;
}

/**
 * Runs `once` `count` times one after the other (never overlapping: runs would steal CPU
 * from each other) and reports every run plus the medians.
 */
export async function repeat(
  name: string,
  count: number,
  once: (index: number) => Promise<Figures>,
  log: (line: string) => void = (line) => console.error(line),
): Promise<Repeated> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`${name}: runs must be ≥ 1`);
  const runs: Figures[] = [];
  for (let i = 0; i < count; i++) {
    const figures = await once(i);
    log(JSON.stringify({ bench: name, run: i + 1, of: count, figures }));
    runs.push(figures);
  }
  return { runs, median: medianFigures(runs) };
}
