import * as z from "zod";
import type { PickleInfo } from "./gherkin.ts";
import type { RunInfo, ScenarioResult } from "./scenario-results.ts";

/**
 * `reports/scenario-results.json`: what each scenario did on one backend, for machines. The
 * CI jobs publish it, and a last job lays the backends side by side (parity.ts).
 */
export const resultsFileSchema = z.object({
  backend: z.string(),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  startedAt: z.string(),
  finishedAt: z.string(),
  scenarios: z.array(
    z.object({
      feature: z.string(),
      scenario: z.string(),
      /** The feature file, "" when unknown. */
      uri: z.string(),
      status: z.enum(["passed", "failed", "skipped"]),
      durationMs: z.number(),
    }),
  ),
});
export type ResultsFile = z.infer<typeof resultsFileSchema>;

export function toResultsFile(
  results: ScenarioResult[],
  run: RunInfo,
  pickles: PickleInfo[],
): ResultsFile {
  return {
    backend: run.backend,
    facts: run.facts,
    startedAt: new Date(run.startedAt).toISOString(),
    finishedAt: new Date(run.finishedAt).toISOString(),
    scenarios: results.map((r) => ({
      feature: r.featureTitle,
      scenario: r.scenarioTitle,
      uri:
        pickles.find((p) => p.featureTitle === r.featureTitle && p.name === r.scenarioTitle)?.uri ??
        "",
      status: r.status,
      durationMs: Math.round(r.durationMs),
    })),
  };
}
