import type { Attachment } from "./step-log.ts";

/** What the reporter knows about one scenario after the run, independent of Jest's types. */
export type ScenarioStatus = "passed" | "failed" | "skipped";

export interface StepOutcome {
  status: "passed" | "failed" | "skipped";
  startedAt: number;
  durationMs: number;
  message?: string;
  /** One line that says what went wrong. */
  headline?: string;
  attachments?: Attachment[];
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

/**
 * One labelled piece of what the run was: "Backend: embedded", "Why: …", "Stack settings: …".
 * The run's first lines and every report header show the same list, in its order.
 */
export interface RunFact {
  label: string;
  value: string;
}

export interface RunInfo {
  backend: string;
  facts: RunFact[];
  startedAt: number;
  finishedAt: number;
}
