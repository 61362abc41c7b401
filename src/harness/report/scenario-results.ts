/** What the reporter knows about one scenario after the run, independent of Jest's types. */
export type ScenarioStatus = "passed" | "failed" | "skipped";

export interface StepOutcome {
  status: "passed" | "failed" | "skipped";
  startedAt: number;
  durationMs: number;
  message?: string;
}

export interface ScenarioResult {
  featureTitle: string;
  scenarioTitle: string;
  status: ScenarioStatus;
  startedAt: number;
  durationMs: number;
  failureMessage?: string;
  /** One entry per Gherkin step, in order. */
  steps: StepOutcome[];
}

export interface FeatureSource {
  /** Path relative to the repository root, e.g. features/normal-order.feature. */
  uri: string;
  data: string;
}

export interface RunInfo {
  backend: string;
  reason: string;
  startedAt: number;
  finishedAt: number;
}
