// How many cases a property test tries. `npm test` runs the quick count, which finds a broken
// property on almost every run at a small cost; FUZZ_SCALE multiplies it for a deeper campaign
// (`npm run test:deep` runs ten times as many).
const scale = Number(process.env.FUZZ_SCALE ?? "1") || 1;

/** fast-check's parameters for `quick` runs, scaled by FUZZ_SCALE. */
export function propertyRuns(quick: number): { numRuns: number } {
  return { numRuns: Math.max(1, Math.round(quick * scale)) };
}

/** A test's time limit that grows with the number of runs: generous for a loaded CI machine. */
export function propertyTimeout(ms = 30_000): number {
  return ms * Math.max(1, scale);
}
