import { stripVTControlCharacters } from "node:util";
import type { PickleInfo } from "./gherkin.ts";
import type { ScenarioResult } from "./scenario-results.ts";

/** Where a scenario failed and why, in the words a reader of the feature file needs. */
export interface FailedStep {
  /** The feature file, relative to the repository root; "" when it is not known. */
  uri: string;
  /** The failed step's line in that file; 0 when it is not known. */
  line: number;
  featureTitle: string;
  scenarioTitle: string;
  /** "Then the invoice shows …", as written in the feature. */
  step: string;
  /** The first line of the error (with the values that differ, for an assertion). */
  headline: string;
}

function firstLine(text: string | undefined): string | undefined {
  return stripVTControlCharacters(text ?? "")
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line !== "");
}

/** The failed step of every failed scenario, in the order of the results. */
export function failedSteps(pickles: PickleInfo[], results: ScenarioResult[]): FailedStep[] {
  return results
    .filter((r) => r.status === "failed")
    .map((r) => {
      const pickle = pickles.find(
        (p) => p.featureTitle === r.featureTitle && p.name === r.scenarioTitle,
      );
      const index = r.steps.findIndex((s) => s.status === "failed");
      const outcome = r.steps[index];
      const source = pickle?.steps[index];
      return {
        uri: pickle?.uri ?? "",
        line: source?.line ?? 0,
        featureTitle: r.featureTitle,
        scenarioTitle: r.scenarioTitle,
        step: source ? `${source.keyword} ${source.text}` : "(before the first step)",
        headline:
          outcome?.headline ??
          firstLine(outcome?.message) ??
          firstLine(r.failureMessage) ??
          "failed",
      };
    });
}
